"""What the patient sees for each early-warning flag: a heads-up, not an alarm."""

HEADS_UP = {
    "crisis": (
        "You mentioned thoughts of harming yourself",
        "You do not have to deal with this alone. Please reach out to one of the "
        "help lines below, or to someone you trust, today.",
    ),
    "body_red_flag": (
        "Your body check needs a doctor soon",
        "Some of the symptoms you ticked need medical care. Tell the doctor that you "
        "have used ketamine.",
    ),
    "lapse": (
        "You used ketamine this week",
        "A lapse is information, not failure. Think about what led up to it, then "
        "update your plan. It may help to ask your care team about more support for "
        "a while.",
    ),
    "high_craving": (
        "Cravings have been strong",
        "Try riding out the urge: cravings rise, peak and fade, often within half an "
        "hour. Call someone on your list, or use a coping tool.",
    ),
    "rising_craving": (
        "Cravings are creeping up",
        "Your cravings are higher than last week. Look at your triggers and plan how "
        "you will handle the next few days.",
    ),
    "low_confidence": (
        "You are feeling less sure",
        "Read your reasons for recovery, and talk with someone you trust about how "
        "you feel.",
    ),
    "missed_checkins": (
        "We have not heard from you for a few days",
        "No judgment. A quick check-in helps you spot patterns before they grow.",
    ),
}
