"""Our controlled vocabularies, and how source codes map onto them.

The finder filters on these codes, whatever the source. Each vocabulary is
ordered: a code's position is its bit in the filter masks (see masks()), so
codes are only ever appended, never reordered. docs/directory-vocabulary.md
shows the mapping tables for people.
"""

LEVELS = {
    "inpatient": "Inpatient (hospital)",
    "residential": "Residential",
    "intensive_outpatient": "Intensive outpatient",
    "outpatient": "Outpatient",
}

SERVICES = {
    "detox": "Supervised detox",
    "cbt": "Cognitive behavioral therapy (CBT)",
    "motivational": "Motivational interviewing or enhancement",
    "family_therapy": "Family therapy",
    "group_therapy": "Group therapy",
    "individual_therapy": "Individual therapy",
    "art_therapy": "Art therapy",
    "contingency_management": "Contingency management",
    "mental_health": "Care for mental health conditions",
    "medication_management": "Medication management",
    "aftercare": "Aftercare and recovery support",
    "complementary": "Complementary therapies",
    "relapse_prevention": "Relapse prevention",
    "twelve_step_facilitation": "12-step facilitation",
    "trauma_therapy": "Trauma-focused therapy",
    "telehealth": "Telehealth (video or phone)",
    "transitional_housing": "Sober living or halfway house",
    "partial_hospitalization": "Partial hospitalization (day treatment)",
    "moud": "Medications for opioid use disorder (buprenorphine, methadone, naltrexone)",
    "accepts_moud": "Accepts people taking medication for opioid use disorder",
    "alcohol_medications": "Medications for alcohol use disorder",
    "dbt": "Dialectical behavior therapy (DBT)",
    "case_management": "Case management and help with social services",
    "assessment": "Substance use assessment and screening",
    "drug_testing": "Drug and alcohol testing",
    "crisis": "Crisis, suicide prevention or psychiatric emergency services",
    "housing": "Help with housing",
    "employment": "Help with work or training",
    "transportation": "Help with transportation",
    "hiv_hepatitis": "HIV, hepatitis or TB testing, education or care",
    "tobacco_cessation": "Help to stop smoking",
    "domestic_violence": "Domestic violence services",
    "substance_use_education": "Education about substance use",
}

PAYMENTS = {
    "medicaid": "Medicaid",
    "medicare": "Medicare",
    "private_insurance": "Private insurance",
    "military": "Military insurance (TRICARE)",
    "sliding_fee": "Sliding fee scale",
    "free": "Free of charge",
    "self_pay": "Cash or self-pay",
    "state_insurance": "State health insurance plan (other than Medicaid)",
    "va": "VA (Veterans Affairs) funding",
    "public_funding": "Public funding (state, county or federal)",
    "payment_assistance": "Payment assistance",
}

LANGUAGES = {
    "spanish": "Spanish",
    "asl": "Sign language",
    "arabic": "Arabic",
    "chinese": "Chinese",
    "creole": "Haitian Creole",
    "farsi": "Farsi",
    "french": "French",
    "german": "German",
    "greek": "Greek",
    "hebrew": "Hebrew",
    "hindi": "Hindi",
    "hmong": "Hmong",
    "italian": "Italian",
    "japanese": "Japanese",
    "korean": "Korean",
    "polish": "Polish",
    "portuguese": "Portuguese",
    "russian": "Russian",
    "tagalog": "Tagalog",
    "vietnamese": "Vietnamese",
    "native_languages": "American Indian or Alaska Native languages",
}

POPULATIONS = {
    "adolescents": "Teenagers",
    "young_adults": "Young adults",
    "women": "Women",
    "pregnant_women": "Pregnant or postpartum women",
    "men": "Men",
    "seniors": "Older adults",
    "lgbtq": "LGBTQ+ people",
    "veterans": "Veterans",
    "military": "Active-duty military and families",
    "criminal_justice": "People involved with the justice system",
    "co_occurring": "People with mental health conditions too",
    "trauma": "People who have experienced trauma",
    "serious_mental_illness": "People with serious mental illness",
    "hiv": "People living with HIV or AIDS",
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
    "O": "Open",
    "C": "Closed",
    "BE": "Newcomer",
    "D": "Discussion",
    "SP": "Speaker",
    "ST": "Step study",
    "MED": "Meditation",
    "A": "Secular",
    "W": "Women",
    "M": "Men",
    "Y": "Young people",
    "LGBTQ": "LGBTQ+",
    "X": "Wheelchair access",
    "ASL": "Sign language",
    "S": "Spanish",
    "CF": "Child-friendly",
    "DD": "Dual diagnosis",
    "TC": "Location temporarily closed",
    "AL-AN": "Al-Anon meets at the same time (family and friends)",
    "AL": "Alateen meets at the same time",
    "LIT": "Literature study",
}

# Every type of the Meeting Guide specification (and a few it dropped that
# feeds still send), with the name the meeting page shows. Codes not here are
# custom types: kept on the meeting as they are and shown as they are.
MEETING_TYPE_NAMES = MEETING_TYPES | {
    "11": "11th Step meditation",
    "12x12": "12 Steps and 12 Traditions",
    "ABSI": "As Bill Sees It",
    "B": "Big Book",
    "BA": "Babysitting available",
    "BI": "Bisexual",
    "BRK": "Breakfast",
    "BV-I": "Blind or visually impaired",
    "CAN": "Candlelight",
    "DA": "Deaf access",
    "DB": "Digital basket (give online)",
    "DF": "Dog-friendly",
    "DR": "Daily Reflections",
    "EN": "English",
    "FF": "Fragrance free",
    "FR": "French",
    "G": "Gay",
    "GR": "Grapevine",
    "H": "Birthday",
    "HE": "Hebrew",
    "ITA": "Italian",
    "JA": "Japanese",
    "KOR": "Korean",
    "L": "Lesbian",
    "LS": "Living Sober",
    "N": "Native American",
    "NB": "Non-binary",
    "NDG": "Indigenous",
    "OUT": "Outdoor meeting",
    "P": "Professionals",
    "POA": "Proof of attendance",
    "POC": "People of color",
    "POL": "Polish",
    "POR": "Portuguese",
    "PUN": "Punjabi",
    "RUS": "Russian",
    "SEN": "Seniors",
    "SM": "Smoking permitted",
    "T": "Transgender",
    "TR": "Tradition study",
    "XB": "Wheelchair-accessible bathroom",
    "XT": "Cross talk permitted",
}


def meeting_type_labels(codes) -> list[str]:
    """The names of a meeting's type codes; unknown (custom) codes as they are."""
    return [MEETING_TYPE_NAMES.get(code, code) for code in codes]


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
    "RF": ((), "Rotating format"),
    "NC": ((), "No children"),
    "NS": ((), "No smoking"),
    "Sm": ((), "Smoking permitted"),
    "CL": (("CAN",), "Candlelight"),
    "Ag": (("A",), "Agnostic"),
    "OE": ((), "Open-ended"),
    "CPT": ((), "Twelve Concepts study"),
    "CH": ((), "Closed on holidays"),
    "Ti": ((), "Timer"),
    "IL": ((), "Illness"),
    "BL": ((), "Bilingual"),
    "RA": ((), "Restricted attendance"),
    "SC": ((), "Surveillance camera"),
    "VAR": ((), "Format varies"),
    "WEB": ((), "Web meeting"),
}

FELLOWSHIPS = {
    "na": "Narcotics Anonymous",
    "aa": "Alcoholics Anonymous",
    "smart": "SMART Recovery",
    "cma": "Crystal Meth Anonymous",
    "secular": "Secular recovery group",
    "other": "Other support group",
    "alanon": "Al-Anon Family Groups (for family and friends)",
    "naranon": "Nar-Anon Family Groups (for family and friends)",
}

# Fellowships for the family and friends of someone who drinks or uses.
FAMILY_FELLOWSHIPS = {"alanon", "naranon"}

ATTENDANCE = {
    "in_person": "In person",
    "online": "Online or by phone",
    "hybrid": "In person and online",
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
