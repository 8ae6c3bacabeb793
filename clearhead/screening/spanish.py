"""Every instrument in Spanish (US and Latin-American, formal "usted").

PHQ-9 and GAD-7: the published Spanish for the USA, word for word (stem,
items, answer options, with their en dashes and "(a)" endings), never
reworded here; test_wordings.py holds the published text and its source.
Only the title and purpose, which are ours, are in our words.

Our own instruments: our own plain Spanish, short sentences, Fernández-Huerta
70 or more (test_wordings.py). They ask the same questions as the English,
with the same answers; none is a diagnosis.
"""

from clearhead.core.languages import SPANISH
from clearhead.screening.wordings import Wording

YES_NO = ("Sí", "No")

# The attribution both Spanish forms print at their foot.
PHQ_ATTRIBUTION = (
    "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt "
    "Kroenke y colegas, mediante una subvención educativa otorgada por Pfizer "
    "Inc. No se requiere permiso para reproducir, traducir, presentar o "
    "distribuir."
)
PHQ_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias "
    "debido a los siguientes problemas?"
)
PHQ_FREQUENCY = (
    "Ningún día",
    "Varios días",
    "Más de la mitad de los días",
    "Casi todos los días",
)
PHQ_SCREENERS = (
    "Publisher: Pfizer Inc., distributed by PHQ Screeners "
    "(https://www.phqscreeners.com/), where the forms are offered by "
    "instrument and language; released for use without permission "
    '("No permission required to reproduce, translate, display or '
    'distribute"). Language/country version: Spanish for the USA '
    "(español, Estados Unidos)."
)
PHQ_FORM_VERSION = (
    "Spanish for the USA, as distributed by PHQ Screeners. No version number "
    "or date string was found in any copy compared (the form's own text has "
    "none). Transcribed 2026-12-02."
)

KETAMINE_SELF_CHECK = Wording(
    language=SPANISH,
    title="Autoevaluación rápida sobre la ketamina",
    purpose=(
        "Siete preguntas de sí o no sobre señales de que la ketamina le está "
        "causando problemas."
    ),
    stem="Piense en su consumo de ketamina. Responda sí o no.",
    items={
        "angry_or_guilty": (
            "¿Se enoja o se siente culpable cuando alguien habla de su consumo "
            "de ketamina?"
        ),
        "cannot_cut_down": "¿Ha tratado de consumir menos o de dejarla, pero no pudo?",
        "need_more": "¿Necesita más ketamina que antes para sentir el mismo efecto?",
        "pushed_aside": (
            "¿Por la ketamina ha dejado de lado cosas o personas que antes le gustaban?"
        ),
        "injured_no_pain": (
            "¿Se ha lastimado al consumir y no sintió el dolor en ese momento?"
        ),
        "illegal_means": (
            "¿Ha robado o ha hecho otras cosas contra la ley para conseguir ketamina?"
        ),
        "out_of_touch": (
            "Cuando consume, ¿siente que nada le puede hacer daño, o que está "
            "lejos de la vida de todos los días?"
        ),
    },
    options=YES_NO,
    source="Clearhead's own Spanish, written for this self-check.",
    version="1.0",
)

DSM5_KETAMINE = Wording(
    language=SPANISH,
    title="Revisión más completa: señales de un trastorno por consumo de ketamina",
    purpose=(
        "Diez preguntas basadas en las señales del DSM-5-TR de un trastorno "
        "por consumo de ketamina y drogas parecidas, en los últimos 12 meses."
    ),
    stem="En los últimos 12 meses…",
    items={
        "larger_amounts": (
            "¿Muchas veces ha consumido más ketamina, o por más tiempo, de lo "
            "que quería?"
        ),
        "cut_down": (
            "¿Ha querido o tratado de consumir menos o de dejarla, y no lo ha logrado?"
        ),
        "time_spent": (
            "¿Se le ha ido mucho tiempo en conseguir ketamina, en consumirla o "
            "en reponerse?"
        ),
        "craving": "¿Ha tenido fuertes ansias de consumir ketamina?",
        "role_failure": (
            "Por la ketamina, ¿muchas veces se ha atrasado en el trabajo, la "
            "escuela o la casa?"
        ),
        "social_problems": (
            "¿Ha seguido consumiendo aunque le causó o le empeoró problemas "
            "con personas cercanas?"
        ),
        "activities_given_up": (
            "¿Ha dejado o ha hecho menos cosas que le importaban por la ketamina?"
        ),
        "hazardous_use": (
            "¿Ha consumido más de una vez donde era peligroso, como al manejar "
            "o al nadar?"
        ),
        "harm_despite_knowledge": (
            "¿Ha seguido consumiendo aunque sabía que le causaba o le empeoraba "
            "un problema de salud, como dolor de vejiga o ánimo bajo?"
        ),
        "tolerance": (
            "¿Necesita mucha más ketamina para sentir el mismo efecto, o la "
            "misma cantidad le hace mucho menos?"
        ),
    },
    options=YES_NO,
    source="Clearhead's own Spanish, written for this check.",
    version="1.0",
)

PHQ9 = Wording(
    language=SPANISH,
    title="Revisión del estado de ánimo (PHQ-9)",
    purpose=(
        "El Cuestionario sobre la Salud del Paciente (PHQ-9), una revisión "
        "muy usada del ánimo bajo."
    ),
    stem=PHQ_STEM,
    items={
        "phq9_1": "Poco interés o placer en hacer cosas",
        "phq9_2": "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
        "phq9_3": (
            "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha "
            "dormido demasiado"
        ),
        "phq9_4": "Se ha sentido cansado(a) o con poca energía",
        "phq9_5": "Sin apetito o ha comido en exceso",
        "phq9_6": (
            "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o "
            "que ha quedado mal con usted mismo(a) o con su familia"
        ),
        "phq9_7": (
            "Ha tenido dificultad para concentrarse en ciertas actividades, "
            "tales como leer el periódico o ver la televisión"
        ),
        "phq9_8": (
            "¿Se ha movido o hablado tan lento que otras personas podrían "
            "haberlo notado? o lo contrario \u2013 muy inquieto(a) o agitado(a) "
            "que ha estado moviéndose mucho más de lo normal"
        ),
        "phq9_9": (
            "Pensamientos de que estaría mejor muerto(a) o de lastimarse de "
            "alguna manera"
        ),
    },
    options=PHQ_FREQUENCY,
    source=(
        'Document: "PHQ-9 Spanish for the USA" (Cuestionario sobre la salud '
        f"del paciente-9, PHQ-9). {PHQ_SCREENERS}"
    ),
    version=PHQ_FORM_VERSION,
    citation=f"Kroenke, Spitzer y Williams, 2001. {PHQ_ATTRIBUTION}",
)

GAD7 = Wording(
    language=SPANISH,
    title="Revisión de la ansiedad (GAD-7)",
    purpose=(
        "La escala del trastorno de ansiedad generalizada (GAD-7), una "
        "revisión muy usada de la ansiedad."
    ),
    stem=PHQ_STEM,
    items={
        "gad7_1": "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
        "gad7_2": "No ha sido capaz de parar o controlar su preocupación",
        "gad7_3": "Se ha preocupado demasiado por motivos diferentes",
        "gad7_4": "Ha tenido dificultad para relajarse",
        "gad7_5": "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
        "gad7_6": "Se ha molestado o irritado fácilmente",
        "gad7_7": "Ha tenido miedo de que algo terrible fuera a pasar",
    },
    options=PHQ_FREQUENCY,
    source=f'Document: "GAD-7 Spanish for the USA". {PHQ_SCREENERS}',
    version=PHQ_FORM_VERSION,
    citation=f"Spitzer, Kroenke, Williams y Löwe, 2006. {PHQ_ATTRIBUTION}",
)

BLADDER_CHECK = Wording(
    language=SPANISH,
    title="Revisión de la vejiga y del cuerpo",
    purpose=(
        "Síntomas que la ketamina puede causar en la vejiga, los riñones, el "
        "estómago, la memoria y la nariz."
    ),
    stem=(
        "¿Tiene alguno de estos ahora, o los tuvo en las últimas semanas? "
        "Marque todos los que tenga."
    ),
    items={
        "frequency": "Tiene que orinar (hacer pipí) mucho más seguido que antes",
        "urgency": "Ganas fuertes y de repente de orinar, que le cuesta aguantar",
        "painful_urination": "Dolor o ardor al orinar",
        "bladder_pain": "Dolor en la parte baja de la panza, sobre la vejiga",
        "incontinence": "Se le sale la orina antes de llegar al baño",
        "blood_in_urine": "Sangre en la orina (orina rosada, roja o café)",
        "cannot_urinate": "Tiene ganas de orinar pero no puede, o solo le salen unas gotas",
        "flank_pain": "Dolor en un lado o en la parte baja de la espalda, bajo las costillas",
        "fever": "Fiebre, escalofríos o temblores",
        "upper_abdominal_pain": (
            "Cólicos o dolor en la parte alta de la panza (cólicos por ketamina)"
        ),
        "vomiting": "Vómitos",
        "yellow_skin_or_eyes": "Piel amarilla, o lo blanco de los ojos amarillo",
        "memory_problems": "Problemas de memoria, o le cuesta pensar con claridad",
        "nose_problems": "Nariz tapada, que le duele o que sangra por inhalar",
    },
    options=YES_NO,
    source="Clearhead's own Spanish, written for this check.",
    version="1.0",
)

LEVEL_OF_CARE = Wording(
    language=SPANISH,
    title="Qué tipo de ayuda le conviene",
    purpose=(
        "Preguntas sobre su salud, su vida y sus planes. Muestran qué nivel "
        "de atención le podría convenir, como punto de partida para hablarlo "
        "con un profesional."
    ),
    stem="Elija la respuesta que mejor le describa hoy.",
    items={
        "withdrawal": "Cuando deja de consumir o consume menos, ¿cómo se siente?",
        "medical": "¿Cómo está su salud física?",
        "mental_health": "¿Cómo está su salud mental?",
        "readiness": "¿Qué piensa de cambiar su consumo de ketamina?",
        "relapse_risk": (
            "Si dejara de consumir, ¿qué tan probable es que vuelva a consumir pronto?"
        ),
        "environment": "¿Su vida en casa le ayuda o le pone trabas?",
        "suicidal_thoughts": (
            "En el último mes, ¿ha pensado en quitarse la vida o en hacerse daño?"
        ),
        "homeless": "No tiene un lugar seguro y fijo para vivir.",
        "no_transport": "No tiene cómo llegar a sus citas.",
        "far_from_services": "Vive lejos de todo lugar de tratamiento.",
        "home_problems": "La ketamina le causa problemas serios en casa.",
        "work_problems": "La ketamina le causa problemas serios en el trabajo o la escuela.",
        "legal_problems": "Tiene problemas con la ley.",
        "strong_home_support": "Tiene personas en casa que apoyan su recuperación.",
    },
    item_options={
        "withdrawal": (
            "Bien, o no lo he intentado",
            "Con el ánimo un poco bajo o con inquietud por uno o dos días",
            "Mal por días: duermo mal, tengo ansiedad, ánimo bajo y fuertes ansias",
            (
                "Muy mal, o también tomo alcohol, pastillas para dormir, GHB u "
                "opioides casi todos los días"
            ),
            "He tenido convulsiones, confusión, o he visto u oído cosas que no estaban ahí",
        ),
        "medical": (
            "Sin problemas",
            "A veces algo de molestia en la vejiga o el estómago",
            "Dolor o molestias de vejiga con frecuencia",
            "Problemas de salud que pronto necesitan un médico o pruebas",
            "Problemas graves ahora mismo que necesitan un hospital",
        ),
        "mental_health": (
            "Bien",
            "Algo de estrés o algunos días bajos",
            "Seguido me siento mal, con ansiedad o no puedo con todo",
            "Un problema de salud mental que me hace muy difícil el día a día",
            "En crisis: no me puedo mantener a salvo",
        ),
        "readiness": (
            "Quiero cambiar y ya empecé",
            "Quiero cambiar y estoy haciendo un plan",
            "Lo estoy pensando",
            "No sé si quiero cambiar",
            "No quiero cambiar para nada",
        ),
        "relapse_risk": (
            "Poco probable: ya lo dejé antes y no volví",
            "Algo probable",
            "Bastante probable: me cuesta resistir las ansias",
            "Muy probable: lo he intentado muchas veces y volví a consumir rápido",
            "No puedo pasar un día sin consumir",
        ),
        "environment": (
            "Me ayuda mucho",
            "Casi siempre está bien",
            "Algunas cosas lo hacen más difícil",
            "Muchos a mi lado consumen, o mi casa no es segura",
            "No tengo un lugar seguro donde estar",
        ),
        "suicidal_thoughts": YES_NO,
    },
    source="Clearhead's own Spanish, written for this check.",
    version="1.0",
)
