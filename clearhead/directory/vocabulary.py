"""Our controlled vocabularies, and how source codes map onto them.

The finder filters on these codes, whatever the source. Each vocabulary is
ordered: a code's position is its bit in the filter masks (see masks()), so
codes are only ever appended, never reordered. docs/directory-vocabulary.md
shows the mapping tables for people.

Labels are shown in the reader's language (gettext_lazy); codes never change.
"""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def gettext_noop(message: str) -> str:
    """Mark `message` for the catalogue, translated where it is shown.

    Django's own gettext_noop reads the settings, and this module is
    imported before them (the importers, vocabulary_doc)."""
    return message


LEVELS = {
    "inpatient": _("Inpatient (hospital)"),
    "residential": _("Residential"),
    "intensive_outpatient": _("Intensive outpatient"),
    "outpatient": _("Outpatient"),
}

SERVICES = {
    "detox": _("Supervised detox"),
    "cbt": _("Cognitive behavioral therapy (CBT)"),
    "motivational": _("Motivational interviewing or enhancement"),
    "family_therapy": _("Family therapy"),
    "group_therapy": _("Group therapy"),
    "individual_therapy": _("Individual therapy"),
    "art_therapy": _("Art therapy"),
    "contingency_management": _("Contingency management"),
    "mental_health": _("Care for mental health conditions"),
    "medication_management": _("Medication management"),
    "aftercare": _("Aftercare and recovery support"),
    "complementary": _("Complementary therapies"),
    "relapse_prevention": _("Relapse prevention"),
    "twelve_step_facilitation": _("12-step facilitation"),
    "trauma_therapy": _("Trauma-focused therapy"),
    "telehealth": _("Telehealth (video or phone)"),
    "transitional_housing": _("Sober living or halfway house"),
    "partial_hospitalization": _("Partial hospitalization (day treatment)"),
    "moud": _(
        "Medications for opioid use disorder (buprenorphine, methadone, naltrexone)"
    ),
    "accepts_moud": _("Accepts people taking medication for opioid use disorder"),
    "alcohol_medications": _("Medications for alcohol use disorder"),
    "dbt": _("Dialectical behavior therapy (DBT)"),
    "case_management": _("Case management and help with social services"),
    "assessment": _("Substance use assessment and screening"),
    "drug_testing": _("Drug and alcohol testing"),
    "crisis": _("Crisis, suicide prevention or psychiatric emergency services"),
    "housing": _("Help with housing"),
    "employment": _("Help with work or training"),
    "transportation": _("Help with transportation"),
    "hiv_hepatitis": _("HIV, hepatitis or TB testing, education or care"),
    "tobacco_cessation": _("Help to stop smoking"),
    "domestic_violence": _("Domestic violence services"),
    "substance_use_education": _("Education about substance use"),
}

PAYMENTS = {
    "medicaid": _("Medicaid"),
    "medicare": _("Medicare"),
    "private_insurance": _("Private insurance"),
    "military": _("Military insurance (TRICARE)"),
    "sliding_fee": _("Sliding fee scale"),
    "free": _("Free of charge"),
    "self_pay": _("Cash or self-pay"),
    "state_insurance": _("State health insurance plan (other than Medicaid)"),
    "va": _("VA (Veterans Affairs) funding"),
    "public_funding": _("Public funding (state, county or federal)"),
    "payment_assistance": _("Payment assistance"),
}

LANGUAGES = {
    "spanish": _("Spanish"),
    "asl": _("Sign language"),
    "arabic": _("Arabic"),
    "chinese": _("Chinese"),
    "creole": _("Haitian Creole"),
    "farsi": _("Farsi"),
    "french": _("French"),
    "german": _("German"),
    "greek": _("Greek"),
    "hebrew": _("Hebrew"),
    "hindi": _("Hindi"),
    "hmong": _("Hmong"),
    "italian": _("Italian"),
    "japanese": _("Japanese"),
    "korean": _("Korean"),
    "polish": _("Polish"),
    "portuguese": _("Portuguese"),
    "russian": _("Russian"),
    "tagalog": _("Tagalog"),
    "vietnamese": _("Vietnamese"),
    "native_languages": _("American Indian or Alaska Native languages"),
}

POPULATIONS = {
    "adolescents": _("Teenagers"),
    "young_adults": _("Young adults"),
    "women": _("Women"),
    "pregnant_women": _("Pregnant or postpartum women"),
    "men": _("Men"),
    "seniors": _("Older adults"),
    "lgbtq": _("LGBTQ+ people"),
    "veterans": _("Veterans"),
    "military": _("Active-duty military and families"),
    "criminal_justice": _("People involved with the justice system"),
    "co_occurring": _("People with mental health conditions too"),
    "trauma": _("People who have experienced trauma"),
    "serious_mental_illness": _("People with serious mental illness"),
    "hiv": _("People living with HIV or AIDS"),
}

VOCABULARIES = {
    "level": LEVELS,
    "service": SERVICES,
    "payment": PAYMENTS,
    "language": LANGUAGES,
    "population": POPULATIONS,
}


def mask_of(codes, vocabulary: dict) -> int:
    """Return the bit mask of codes in a vocabulary (unknown codes ignored)."""
    positions = {code: index for index, code in enumerate(vocabulary)}
    mask = 0
    for code in codes:
        if code in positions:
            mask |= 1 << positions[code]
    return mask


# SAMHSA FindTreatment.gov service labels (the text in a row's `f3`), lower
# case, mapped to (vocabulary, our code). Labels drift between survey years,
# so several spellings of one service may appear.
SAMHSA_LABELS = {
    # Type of care (TC)
    "detoxification": ("service", "detox"),
    "transitional housing, halfway house, or sober home": (
        "service",
        "transitional_housing",
    ),
    "co-occurring substance use and serious mental health issues": (
        "service",
        "mental_health",
    ),
    "mental health treatment": ("service", "mental_health"),
    # Service setting (SET)
    "hospital inpatient/24-hour hospital inpatient": ("level", "inpatient"),
    "hospital inpatient": ("level", "inpatient"),
    "hospital inpatient treatment": ("level", "inpatient"),
    "hospital inpatient detoxification": ("service", "detox"),
    "residential/24-hour residential": ("level", "residential"),
    "residential": ("level", "residential"),
    "short-term residential": ("level", "residential"),
    "long-term residential": ("level", "residential"),
    "residential detoxification": ("service", "detox"),
    "outpatient": ("level", "outpatient"),
    "regular outpatient treatment": ("level", "outpatient"),
    "intensive outpatient treatment": ("level", "intensive_outpatient"),
    "outpatient day treatment or partial hospitalization": (
        "service",
        "partial_hospitalization",
    ),
    "partial hospitalization/day treatment": ("service", "partial_hospitalization"),
    "outpatient detoxification": ("service", "detox"),
    # Payment (PAY) and payment assistance (PYAS)
    "medicaid": ("payment", "medicaid"),
    "medicare": ("payment", "medicare"),
    "private health insurance": ("payment", "private_insurance"),
    "cash or self-payment": ("payment", "self_pay"),
    "federal military insurance (e.g., tricare)": ("payment", "military"),
    "federal military insurance": ("payment", "military"),
    "no payment accepted": ("payment", "free"),
    "sliding fee scale (fee is based on income and other factors)": (
        "payment",
        "sliding_fee",
    ),
    "sliding fee scale": ("payment", "sliding_fee"),
    # Special programs and groups (SG)
    "adolescents": ("population", "adolescents"),
    "young adults": ("population", "young_adults"),
    "adult women": ("population", "women"),
    "pregnant/postpartum women": ("population", "pregnant_women"),
    "adult men": ("population", "men"),
    "seniors or older adults": ("population", "seniors"),
    "seniors": ("population", "seniors"),
    "lesbian, gay, bisexual, transgender, or queer/questioning (lgbtq)": (
        "population",
        "lgbtq",
    ),
    "lgbtq": ("population", "lgbtq"),
    "veterans": ("population", "veterans"),
    "active duty military": ("population", "military"),
    "members of military families": ("population", "military"),
    "criminal justice (other than duii/dwi)/forensic clients": (
        "population",
        "criminal_justice",
    ),
    "clients referred from the court/judicial system": (
        "population",
        "criminal_justice",
    ),
    "clients with co-occurring mental and substance use disorders": (
        "population",
        "co_occurring",
    ),
    "clients who have experienced trauma": ("population", "trauma"),
    # Language services (SL) and other languages (OL)
    "spanish": ("language", "spanish"),
    "sign language services for the deaf and hard of hearing": ("language", "asl"),
    "american indian or alaska native languages": ("language", "native_languages"),
    "arabic": ("language", "arabic"),
    "any chinese language": ("language", "chinese"),
    "chinese": ("language", "chinese"),
    "creole": ("language", "creole"),
    "farsi": ("language", "farsi"),
    "french": ("language", "french"),
    "german": ("language", "german"),
    "greek": ("language", "greek"),
    "hebrew": ("language", "hebrew"),
    "hindi": ("language", "hindi"),
    "hmong": ("language", "hmong"),
    "italian": ("language", "italian"),
    "japanese": ("language", "japanese"),
    "korean": ("language", "korean"),
    "polish": ("language", "polish"),
    "portuguese": ("language", "portuguese"),
    "russian": ("language", "russian"),
    "tagalog": ("language", "tagalog"),
    "vietnamese": ("language", "vietnamese"),
    # Treatment approaches (TAP)
    "cognitive behavioral therapy": ("service", "cbt"),
    "contingency management/motivational incentives": (
        "service",
        "contingency_management",
    ),
    "contingency management": ("service", "contingency_management"),
    "motivational interviewing": ("service", "motivational"),
    "relapse prevention": ("service", "relapse_prevention"),
    "12-step facilitation": ("service", "twelve_step_facilitation"),
    "trauma-related counseling": ("service", "trauma_therapy"),
    "telemedicine/telehealth therapy": ("service", "telehealth"),
    "telemedicine/telehealth": ("service", "telehealth"),
    # Education and counseling services (ECS) and recovery support (RSS)
    "individual counseling": ("service", "individual_therapy"),
    "group counseling": ("service", "group_therapy"),
    "family counseling": ("service", "family_therapy"),
    "marital/couples counseling": ("service", "family_therapy"),
    "aftercare/continuing care": ("service", "aftercare"),
    "recovery coach": ("service", "aftercare"),
    "peer support": ("service", "aftercare"),
    "mentoring/peer support": ("service", "aftercare"),
    "medication management": ("service", "medication_management"),
    "psychiatric medication": ("service", "medication_management"),
    "integrated primary care services": ("service", "mental_health"),
    "comprehensive mental health assessment": ("service", "mental_health"),
    "art therapy": ("service", "art_therapy"),
    "acupuncture": ("service", "complementary"),
    "mindfulness": ("service", "complementary"),
    "yoga": ("service", "complementary"),
    # The 2019 locator wording (FindTreatment.gov's own front end, the
    # Charlottesville page in the field data), by category code (f2).
    # SET
    "computerized treatment/telemedicine": ("service", "telehealth"),
    "outpatient methadone/buprenorphine or naltrexone treatment": ("service", "moud"),
    # FT (facility type) where it is a level of care
    "residential treatment center (rtc) for adults": ("level", "residential"),
    "residential treatment center (rtc) for children": ("level", "residential"),
    "psychiatric hospital or psychiatric unit of a general hospital": (
        "level",
        "inpatient",
    ),
    # OT, OM, PHR and EXCL: medications
    "buprenorphine maintenance": ("service", "moud"),
    "buprenorphine maintenance for predetermined time": ("service", "moud"),
    "buprenorphine used in treatment": ("service", "moud"),
    "methadone maintenance": ("service", "moud"),
    "methadone maintenance for predetermined time": ("service", "moud"),
    "methadone used in treatment": ("service", "moud"),
    "naltrexone used in treatment": ("service", "moud"),
    "prescribes/administers buprenorphine": ("service", "moud"),
    "prescribes/administers naltrexone": ("service", "moud"),
    "relapse prevention from naltrexone": ("service", "moud"),
    "samhsa-certified opioid treatment program": ("service", "moud"),
    "all clients in opioid treatment program": ("service", "moud"),
    "methadone and buprenorphine clients only": ("service", "moud"),
    "methadone": ("service", "moud"),
    "buprenorphine with naloxone (suboxone®)": ("service", "moud"),
    "buprenorphine without naloxone": ("service", "moud"),
    "buprenorphine (extended-release, injectable, for example, sublocade®)": (
        "service",
        "moud",
    ),
    "naltrexone (oral)": ("service", "moud"),
    "extended-release, injectable naltrexone (vivitrol®)": ("service", "moud"),
    "medications for opioid use disorder": ("service", "moud"),
    "accepts clients on opioid medication": ("service", "accepts_moud"),
    "acamprosate (campral®)": ("service", "alcohol_medications"),
    "disulfiram (antabuse®)": ("service", "alcohol_medications"),
    "medications for psychiatric disorders": ("service", "medication_management"),
    # TAP
    "activity therapy": ("service", "complementary"),
    "community reinforcement plus vouchers": ("service", "contingency_management"),
    "couples/family therapy": ("service", "family_therapy"),
    "dialectical behavior therapy": ("service", "dbt"),
    "electroconvulsive therapy": ("service", "mental_health"),
    "group therapy": ("service", "group_therapy"),
    "individual psychotherapy": ("service", "individual_therapy"),
    "integrated dual disorders treatment": ("service", "mental_health"),
    "psychotropic medication": ("service", "medication_management"),
    "rational emotive behavioral therapy": ("service", "cbt"),
    "trauma therapy": ("service", "trauma_therapy"),
    # EDU
    "family counseling offered": ("service", "family_therapy"),
    "group counseling offered": ("service", "group_therapy"),
    "individual counseling offered": ("service", "individual_therapy"),
    "marital/couples counseling offered": ("service", "family_therapy"),
    "substance abuse education": ("service", "substance_use_education"),
    "employment counseling or training": ("service", "employment"),
    "hiv or aids education, counseling, or support": ("service", "hiv_hepatitis"),
    "hepatitis education, counseling, or support": ("service", "hiv_hepatitis"),
    # ASSES, SCR, TOBAC, TRSRV, EMS
    "comprehensive substance use assessment": ("service", "assessment"),
    "screening for substance use": ("service", "assessment"),
    "screening for mental health disorders": ("service", "mental_health"),
    "breath analyzer or blood alcohol testing": ("service", "drug_testing"),
    "drug or alcohol urine screening": ("service", "drug_testing"),
    "hiv testing": ("service", "hiv_hepatitis"),
    "screening for hepatitis b": ("service", "hiv_hepatitis"),
    "screening for hepatitis c": ("service", "hiv_hepatitis"),
    "tb screening": ("service", "hiv_hepatitis"),
    "nicotine replacement therapy": ("service", "tobacco_cessation"),
    "non-nicotine smoking/tobacco cessation medications": (
        "service",
        "tobacco_cessation",
    ),
    "smoking/tobacco cessation counseling": ("service", "tobacco_cessation"),
    "discharge planning": ("service", "aftercare"),
    "crisis intervention team": ("service", "crisis"),
    "psychiatric emergency walk-in services": ("service", "crisis"),
    # AS (ancillary services)
    "assertive community treatment": ("service", "mental_health"),
    "assistance with obtaining social services": ("service", "case_management"),
    "case management": ("service", "case_management"),
    "intensive case management": ("service", "case_management"),
    "consumer-run (peer-support) services": ("service", "aftercare"),
    "self-help groups": ("service", "aftercare"),
    "court-ordered outpatient treatment": ("population", "criminal_justice"),
    "diet and exercise counseling": ("service", "complementary"),
    "domestic violence services-family or partner": ("service", "domestic_violence"),
    "early intervention for hiv": ("service", "hiv_hepatitis"),
    "family psychoeducation": ("service", "family_therapy"),
    "housing services": ("service", "housing"),
    "supported housing": ("service", "housing"),
    "illness management and recovery": ("service", "mental_health"),
    "mental health services": ("service", "mental_health"),
    "psychosocial rehabilitation services": ("service", "mental_health"),
    "suicide prevention services": ("service", "crisis"),
    "transportation assistance": ("service", "transportation"),
    # PAY and PYAS
    "military insurance (e.g., tricare)": ("payment", "military"),
    "state-financed health insurance plan other than medicaid": (
        "payment",
        "state_insurance",
    ),
    "u.s. department of va funds": ("payment", "va"),
    "community mental health block grants": ("payment", "public_funding"),
    "community service block grants": ("payment", "public_funding"),
    "county or local government funds": ("payment", "public_funding"),
    "federal, or any government funding for substance abuse programs": (
        "payment",
        "public_funding",
    ),
    "other state funds": ("payment", "public_funding"),
    "state corrections or juvenile justice funds": ("payment", "public_funding"),
    "state education funds": ("payment", "public_funding"),
    "state mental health agency (or equivalent) funds": (
        "payment",
        "public_funding",
    ),
    "state welfare or child and family services funds": (
        "payment",
        "public_funding",
    ),
    "payment assistance (check with facility for details)": (
        "payment",
        "payment_assistance",
    ),
    # SG and AGE
    "children/adolescents": ("population", "adolescents"),
    "seniors (65 or older)": ("population", "seniors"),
    "transitional age young adults": ("population", "young_adults"),
    "lesbian, gay, bisexual, or transgender (lgbt) clients": ("population", "lgbtq"),
    "lgbt clients": ("population", "lgbtq"),
    "military families": ("population", "military"),
    "persons with co-occurring mental and substance use disorders": (
        "population",
        "co_occurring",
    ),
    "persons who have experienced trauma": ("population", "trauma"),
    "persons who have experienced sexual abuse": ("population", "trauma"),
    "persons who have experienced intimate partner violence, domestic violence": (
        "population",
        "trauma",
    ),
    "persons with post-traumatic stress disorder (ptsd)": ("population", "trauma"),
    "persons with serious mental illness (smi)": (
        "population",
        "serious_mental_illness",
    ),
    "children/adolescents with serious emotional disturbance (sed)": (
        "population",
        "serious_mental_illness",
    ),
    "persons with hiv or aids": ("population", "hiv"),
    "dui/dwi clients": ("population", "criminal_justice"),
    # SL and OL
    "services for the deaf and hard of hearing": ("language", "asl"),
}

# Locator categories (f2) we read none of, and why. Their labels are not
# stored or counted as unmapped.
SAMHSA_IGNORED_CATEGORIES = {
    "FOP": "who owns or runs the facility: not something a person chooses care by",
    "LCA": "licences and accreditations: every listed facility is licensed",
    "SMP": "the facility's smoking policy",
    "HOSP": "the kind of hospital a program is in; levels of care say what it offers",
}

# Single labels we deliberately do not map, and why (lower case, as matched).
SAMHSA_IGNORED_LABELS = {
    "substance use treatment": "every program in the addiction finder offers it; "
    "typeFacility marks the mental-health-only ones",
    "adults": "nearly every program accepts adults; programs for specific groups "
    "are mapped",
    "female": "the genders a program accepts, not a program for women "
    '(that is "Adult women")',
    "male": "the genders a program accepts, not a program for men "
    '(that is "Adult men")',
    "community mental health center": "a kind of facility; its services are mapped",
    "outpatient mental health facility": "a kind of facility; its services are mapped",
    "do not use medication for opioid addiction": "the absence of the medications "
    "code already says it",
    "does not treat opioid addiction": "the absence of the medications code "
    "already says it",
    "use methadone/buprenorphine for pain management or emergency dosing": "not "
    "treatment for opioid use disorder",
    "interim services for clients": "care while waiting for a place; too varied "
    "to filter on",
    "outreach to persons in the community": "the facility's outreach, not a "
    "service a person asks for",
    "health education services other than hiv/aids or hepatitis": "general "
    "health education",
    "education services": "schooling for young people in residential care",
    "chronic disease/illness management": "general medical care",
    "social skills development": "part of many programs; too general to filter on",
    "anger management": "too general to filter on",
    "behavior modification": "too general to filter on",
    "brief intervention": "a short conversation, not a course of treatment",
    "matrix model": "a named stimulant program made of parts mapped on their own",
    "substance use counseling approach": "every program counsels",
    "screening for tobacco use": "routine screening, not a service to choose",
    "persons with alzheimer's or dementia": "not an addiction-treatment group",
    "persons with eating disorders": "not an addiction-treatment group",
    "persons with traumatic brain injury (tbi)": "not an addiction-treatment group",
    "treatment for internet use disorder": "behavioral addictions are outside "
    "this finder",
    "treatment for non-substance use addiction disorder": "behavioral addictions "
    "are outside this finder",
}

# Meeting Guide type codes shown as filters: a code's position is its bit in
# Meeting.types_mask (at most 63 of them), so codes are only ever appended.
MEETING_TYPES = {
    "O": pgettext_lazy("meeting type", "Open"),
    "C": pgettext_lazy("meeting type", "Closed"),
    "BE": pgettext_lazy("meeting type", "Newcomer"),
    "D": pgettext_lazy("meeting type", "Discussion"),
    "SP": pgettext_lazy("meeting type", "Speaker"),
    "ST": pgettext_lazy("meeting type", "Step study"),
    "MED": pgettext_lazy("meeting type", "Meditation"),
    "A": pgettext_lazy("meeting type", "Secular"),
    "W": pgettext_lazy("meeting type", "Women"),
    "M": pgettext_lazy("meeting type", "Men"),
    "Y": pgettext_lazy("meeting type", "Young people"),
    "LGBTQ": pgettext_lazy("meeting type", "LGBTQ+"),
    "X": pgettext_lazy("meeting type", "Wheelchair access"),
    "ASL": pgettext_lazy("meeting type", "Sign language"),
    "S": pgettext_lazy("meeting type", "Spanish"),
    "CF": pgettext_lazy("meeting type", "Child-friendly"),
    "DD": pgettext_lazy("meeting type", "Dual diagnosis"),
    "TC": pgettext_lazy("meeting type", "Location temporarily closed"),
    "AL-AN": pgettext_lazy(
        "meeting type", "Al-Anon meets at the same time (family and friends)"
    ),
    "AL": pgettext_lazy("meeting type", "Alateen meets at the same time"),
    "LIT": pgettext_lazy("meeting type", "Literature study"),
}

# Every type of the Meeting Guide specification (and a few it dropped that
# feeds still send), with the name the meeting page shows. Codes not here are
# custom types: kept on the meeting as they are and shown as they are.
MEETING_TYPE_NAMES = MEETING_TYPES | {
    "11": pgettext_lazy("meeting type", "11th Step meditation"),
    "12x12": pgettext_lazy("meeting type", "12 Steps and 12 Traditions"),
    "ABSI": pgettext_lazy("meeting type", "As Bill Sees It"),
    "B": pgettext_lazy("meeting type", "Big Book"),
    "BA": pgettext_lazy("meeting type", "Babysitting available"),
    "BI": pgettext_lazy("meeting type", "Bisexual"),
    "BRK": pgettext_lazy("meeting type", "Breakfast"),
    "BV-I": pgettext_lazy("meeting type", "Blind or visually impaired"),
    "CAN": pgettext_lazy("meeting type", "Candlelight"),
    "DA": pgettext_lazy("meeting type", "Deaf access"),
    "DB": pgettext_lazy("meeting type", "Digital basket (give online)"),
    "DF": pgettext_lazy("meeting type", "Dog-friendly"),
    "DR": pgettext_lazy("meeting type", "Daily Reflections"),
    "EN": pgettext_lazy("meeting type", "English"),
    "FF": pgettext_lazy("meeting type", "Fragrance free"),
    "FR": pgettext_lazy("meeting type", "French"),
    "G": pgettext_lazy("meeting type", "Gay"),
    "GR": pgettext_lazy("meeting type", "Grapevine"),
    "H": pgettext_lazy("meeting type", "Birthday"),
    "HE": pgettext_lazy("meeting type", "Hebrew"),
    "ITA": pgettext_lazy("meeting type", "Italian"),
    "JA": pgettext_lazy("meeting type", "Japanese"),
    "KOR": pgettext_lazy("meeting type", "Korean"),
    "L": pgettext_lazy("meeting type", "Lesbian"),
    "LS": pgettext_lazy("meeting type", "Living Sober"),
    "N": pgettext_lazy("meeting type", "Native American"),
    "NB": pgettext_lazy("meeting type", "Non-binary"),
    "NDG": pgettext_lazy("meeting type", "Indigenous"),
    "OUT": pgettext_lazy("meeting type", "Outdoor meeting"),
    "P": pgettext_lazy("meeting type", "Professionals"),
    "POA": pgettext_lazy("meeting type", "Proof of attendance"),
    "POC": pgettext_lazy("meeting type", "People of color"),
    "POL": pgettext_lazy("meeting type", "Polish"),
    "POR": pgettext_lazy("meeting type", "Portuguese"),
    "PUN": pgettext_lazy("meeting type", "Punjabi"),
    "RUS": pgettext_lazy("meeting type", "Russian"),
    "SEN": pgettext_lazy("meeting type", "Seniors"),
    "SM": pgettext_lazy("meeting type", "Smoking permitted"),
    "T": pgettext_lazy("meeting type", "Transgender"),
    "TR": pgettext_lazy("meeting type", "Tradition study"),
    "XB": pgettext_lazy("meeting type", "Wheelchair-accessible bathroom"),
    "XT": pgettext_lazy("meeting type", "Cross talk permitted"),
}


def meeting_type_names(codes, other_types) -> list[tuple[str, bool]]:
    """(name, is ours) for a meeting's type codes and its `other_types`, in
    the reader's language. Ours: a code's name, or a BMLT format name from
    BMLT_FORMATS. Not ours (shown as they are, never translated): custom
    codes and format names a server gave."""
    names = [
        (str(MEETING_TYPE_NAMES[code]), True)
        if code in MEETING_TYPE_NAMES
        else (code, False)
        for code in codes
    ]
    return names + [
        (gettext(name), True) if name in _BMLT_OTHER_NAMES else (name, False)
        for name in other_types
    ]


# Older codes that also mean a filter code: the meeting keeps its own code
# (shown by name) and gains the filter's, so type=LGBTQ finds a "G" meeting.
MEETING_TYPE_ALIASES = {
    "G": "LGBTQ",
    "L": "LGBTQ",
    "T": "LGBTQ",
    "BI": "LGBTQ",
    "NB": "LGBTQ",
    "11": "MED",
    "B": "LIT",
    "12x12": "LIT",
    "ABSI": "LIT",
    "DR": "LIT",
    "LS": "LIT",
    "GR": "LIT",
}

# Meeting Guide types that say how to attend rather than what the meeting is:
# read into Meeting.attendance, not kept as types. Matched without case
# ("onl" is common in older feeds).
MEETING_ATTENDANCE_TYPES = {
    "ONL": "Online (dropped from the spec in 2022; read as online)",
}

# BMLT format keys (NA's world-wide shared keys; servers may add their own)
# as (our Meeting Guide codes, the format's name). An empty tuple means the
# format has no code of ours: the meeting page shows it by name. "VM", "HY"
# and "TC" decide attendance where a response has no `venue_type`. When a
# response carries its own `formats` list, its names name keys missing here.
BMLT_FORMATS = {
    "O": (("O",), "Open"),
    "C": (("C",), "Closed"),
    "B": (("BE",), "Beginners"),
    "BEG": (("BE",), "Beginners"),
    "NW": (("BE",), "Newcomer"),
    "WC": (("X",), "Wheelchair accessible"),
    "ES": (("S",), "Spanish"),
    "SPA": (("S",), "Spanish"),
    "SL": (("ASL",), "American Sign Language"),
    "ASL": (("ASL",), "American Sign Language"),
    "D": (("D",), "Discussion"),
    "To": (("D",), "Topic discussion"),
    "Rr": (("D",), "Round robin"),
    "QA": (("D",), "Questions and answers"),
    "AB": (("D",), "Ask-It-Basket"),
    "SD": (("SP", "D"), "Speaker and discussion"),
    "So": (("SP",), "Speaker only"),
    "Pi": (("SP",), "Pitch (speaker)"),
    "St": (("ST",), "Step study"),
    "SG": (("ST",), "Step Working Guide study"),
    "Tr": (("TR",), "Tradition study"),
    "TW": (("TR",), "Traditions workshop"),
    "BT": (("LIT",), "Basic Text study"),
    "IW": (("LIT",), "It Works: How and Why study"),
    "JT": (("LIT",), "Just for Today study"),
    "LC": (("LIT",), "Living Clean study"),
    "BK": (("LIT",), "Book study"),
    "IP": (("LIT",), "Informational pamphlet study"),
    "GP": (("LIT",), "Guiding Principles study"),
    "ME": (("MED",), "Meditation"),
    "M": (("M",), "Men"),
    "W": (("W",), "Women"),
    "YP": (("Y",), "Young people"),
    "GL": (("LGBTQ",), "Gay and lesbian"),
    "LGBTQ": (("LGBTQ",), "LGBTQ+"),
    "CW": (("CF",), "Children welcome"),
    "CS": (("CF",), "Children welcome"),
    "CAN": (("CAN",), "Candlelight"),
    "TC": (("TC",), "Venue temporarily closed"),
    "VM": ((), "Virtual meeting"),
    "HY": ((), "Hybrid meeting"),
    "RF": ((), gettext_noop("Rotating format")),
    "NC": ((), gettext_noop("No children")),
    "NS": ((), gettext_noop("No smoking")),
    "Sm": ((), gettext_noop("Smoking permitted")),
    "CL": (("CAN",), "Candlelight"),
    "Ag": (("A",), "Agnostic"),
    "OE": ((), gettext_noop("Open-ended")),
    "CPT": ((), gettext_noop("Twelve Concepts study")),
    "CH": ((), gettext_noop("Closed on holidays")),
    "Ti": ((), gettext_noop("Timer")),
    "IL": ((), gettext_noop("Illness")),
    "BL": ((), gettext_noop("Bilingual")),
    "RA": ((), gettext_noop("Restricted attendance")),
    "SC": ((), gettext_noop("Surveillance camera")),
    "VAR": ((), gettext_noop("Format varies")),
    "WEB": ((), gettext_noop("Web meeting")),
}

# The names a meeting keeps in `other_types` from BMLT_FORMATS (the formats
# with no code of ours; "VM" and "HY" only decide attendance): our words, so
# shown translated. Other names there are a server's own, shown as they are.
_BMLT_OTHER_NAMES = {
    name for key, (codes, name) in BMLT_FORMATS.items() if not codes
} - {"Virtual meeting", "Hybrid meeting"}

FELLOWSHIPS = {
    "na": _("Narcotics Anonymous"),
    "aa": _("Alcoholics Anonymous"),
    "smart": _("SMART Recovery"),
    "cma": _("Crystal Meth Anonymous"),
    "secular": _("Secular recovery group"),
    "other": _("Other support group"),
    "alanon": _("Al-Anon Family Groups (for family and friends)"),
    "naranon": _("Nar-Anon Family Groups (for family and friends)"),
}

# Fellowships for the family and friends of someone who drinks or uses.
FAMILY_FELLOWSHIPS = {"alanon", "naranon"}
# Their names alone (the same in every language), for "Only groups for
# family and friends (Al-Anon, Nar-Anon)".
FAMILY_FELLOWSHIP_NAMES = {"alanon": "Al-Anon", "naranon": "Nar-Anon"}

ATTENDANCE = {
    "in_person": _("In person"),
    "online": _("Online or by phone"),
    "hybrid": _("In person and online"),
}

# Meeting Guide `attendance_option` values. "inactive" means the meeting is
# not running: the importer skips it, as the feed itself does.
ATTENDANCE_OPTIONS = {
    "in_person": "in_person",
    "hybrid": "hybrid",
    "online": "online",
    "inactive": None,
}

# Fellowships whose meetings follow a secular format.
SECULAR_FELLOWSHIPS = {"smart", "secular"}
