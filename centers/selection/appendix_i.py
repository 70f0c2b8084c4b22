"""The Selection Questionnaire/Application shipped with the app, and the pre-work expectations.

Source: *Field Guide for Implementation of a Breakthrough Series Collaborative in Early Care and
Education* (OPRE Report 2021-210, public domain): Appendix I "Selection Questionnaire/
Application" (cover sheet, Parts 1-4), Section 4 "Activities related to center selection"
(selection guidance) and "Pre-work phase: onboarding and welcome/orientation" (the Welcome
Packet and Figure 10, "Expectations Prior to the Pre-Work Day from BSC-SEL").

The cover sheet and the aggregate demographics are fields of the application form; what is
below is the questionnaire an Implementation Team edits for its collaborative. Appendix I gives
page limits for whole parts ("Do not exceed three printed pages for all of Part 2", five for
Part 3); the form counts words instead, at about 500 words to a printed page shared among the
part's questions (Part 2: 1,500 words over five questions, 300 each; Part 3: 2,500 over four,
600 each). Part 1 has no limit in the guide; 500 words a question keeps it to a page each.
"""

from typing import Any

PARTS = {
    "1": "Part 1. Center Description & Proposed BSC Team Composition",
    "2": "Part 2. Center Experience and Readiness",
    "3": "Part 3. Center and Staff Commitment and Capacity",
    "4": "Part 4. Additional Information",
}

PART_NOTES = {
    "2": "Do not exceed three printed pages for all of Part 2.",
    "3": "Do not exceed five printed pages for all of Part 3.",
}

QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "center_overview",
        "part": "1",
        "title": "Center Overview",
        "prompt": (
            "Please tell us about your center, briefly describing your organizational structure "
            "and your approach to early education and care. Please include the number of "
            "classrooms by age group and any special programs offered at your center."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "children_families_community",
        "part": "1",
        "title": "Children, Families and Community",
        "prompt": (
            "Please tell us about the children, families and community that your center serves. "
            "Give the demographics of the children you serve as counts in the table above; "
            "never name or describe an individual child."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "staff",
        "part": "1",
        "title": "Staff",
        "prompt": (
            "Please tell us about the staff at your center, including numbers of staff by role "
            "(infant/toddler teachers, preschool teachers, administration, mental health, parent "
            "engagement, support staff, etc.). Please include the demographics of your teaching "
            "and support staff (race/ethnicity, sex, age, education level, and language)."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "senior_leader",
        "part": "1",
        "title": "Senior Leader",
        "prompt": (
            "Who is the proposed Senior Leader of your BSC Core Team? (It is strongly recommended "
            "that Senior Leader be the Agency/Center Director, CEO, or another very high-level "
            "agency leader.) Please include name, title, and a brief description of this "
            "leader's demonstrated commitment to the goals of this BSC. Also describe the role "
            "and responsibilities of the proposed Senior Leader in terms of center's "
            "organizational chart."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "team_leader",
        "part": "1",
        "title": "Team Leader",
        "prompt": (
            "Who is the proposed Team Leader of your BSC Core Team? (The team leader is a manager "
            "from the early education and care center who will oversee and coordinate the "
            "activities of the team and actively guide the work of the Core Team. This person "
            "must have easy access to the Senior Leader.) Please include the name, title, and a "
            "brief description of this person's demonstrated commitment to the goals of this "
            "BSC. Also describe the management / reporting relationship between the proposed "
            "Team Leader and the proposed Senior Leader, and this person's role, skills, and "
            "experience with social and emotional learning."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "core_team",
        "part": "1",
        "title": "Core Team Members",
        "prompt": (
            "Describe the remaining membership of the proposed BSC Core Team (other than the "
            "Senior Leader and Team Leader). Be as specific as possible regarding actual names, "
            "current positions, length of time in current positions, experience/expertise "
            "related to working with children and families with a focus on social and emotional "
            "learning and development, and what unique strengths they bring to the team."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "team_resources",
        "part": "1",
        "title": "Time and Resources for the Team",
        "prompt": (
            "Describe how your center will ensure that the members of the BSC Core Team have the "
            "resources and time they need to do the work described as requirements to "
            "participate in this BSC. Please be as specific as possible."
        ),
        "word_limit": 500,
        "required": True,
    },
    {
        "key": "strengths",
        "part": "2",
        "title": "Center Strengths",
        "prompt": (
            "Name up to four key strengths that your center has that position you well to "
            "participate in this BSC and promote children's social and emotional learning."
        ),
        "word_limit": 300,
        "required": True,
    },
    {
        "key": "sel_training",
        "part": "2",
        "title": "Social and Emotional Learning Experience and Capacity",
        "prompt": (
            "What training and support has your staff received about promoting social and "
            "emotional learning, addressing challenging behaviors, and cultural responsiveness?"
        ),
        "word_limit": 300,
        "required": True,
    },
    {
        "key": "sel_data",
        "part": "2",
        "title": "Data on Social and Emotional Learning",
        "prompt": (
            "What data do you collect and use to understand your center's work and progress in "
            "terms of supporting the social and emotional learning of children?"
        ),
        "word_limit": 300,
        "required": True,
    },
    {
        "key": "family_partnership",
        "part": "2",
        "title": "Partnering with Families",
        "prompt": (
            "Describe how your center currently engages families (mothers, fathers, and other "
            "caregivers) as authentic partners to promote healthy social and emotional learning "
            "and development: how you provide them with information about their children, "
            "engage them in your daily interactions, provide them with necessary supports or "
            "resources, and include them in discussions and decisions about their children. "
            "What specific professional development has your staff received about family "
            "partnership?"
        ),
        "word_limit": 300,
        "required": True,
    },
    {
        "key": "quality_improvement",
        "part": "2",
        "title": "Support for Staff and Organizational Culture Changes",
        "prompt": (
            "Describe a time when your center has worked to improve the quality of your center. "
            "What was most helpful in supporting staff to make changes to their practices and "
            "classrooms? How did leadership support and engage the staff? How have you engaged "
            "children/families when you are making changes?"
        ),
        "word_limit": 300,
        "required": True,
    },
    {
        "key": "goals",
        "part": "3",
        "title": "Center Goals and Rationale for Participation",
        "prompt": (
            "What does your center hope to achieve by participating in this BSC? Please include "
            "goals related to improvements for your staff, for your children and families, and "
            "for the center overall. How do the goals for this BSC align with other current "
            "programs, projects, or priorities for your center?"
        ),
        "word_limit": 600,
        "required": True,
    },
    {
        "key": "professional_development",
        "part": "3",
        "title": "Staff Professional Development",
        "prompt": (
            "Describe how your center currently provides professional development to staff, "
            "including who provides training, time allocated to professional development, your "
            "new staff orientation, etc. How is the professional development of staff supported "
            "and reinforced through supervision, coaching and follow-up trainings?"
        ),
        "word_limit": 600,
        "required": True,
    },
    {
        "key": "data_use",
        "part": "3",
        "title": "Data Collection and Use",
        "prompt": (
            "How does your center use data? How do teachers use data to inform their teaching? "
            "How is data used to make policy and administrative decisions? Please also identify "
            "the types of data that you currently track to review the outcomes for children and "
            "families you serve."
        ),
        "word_limit": 600,
        "required": True,
    },
    {
        "key": "barriers",
        "part": "3",
        "title": "Barriers, Challenges, and Opportunities",
        "prompt": (
            "Name up to four key barriers and challenges you anticipate for your center in "
            "participating in this BSC and promoting children's social and emotional learning. "
            "For each barrier or challenge, please describe ideas you have to try to address, "
            "or reduce it."
        ),
        "word_limit": 600,
        "required": True,
    },
    {
        "key": "author",
        "part": "4",
        "title": "Author of this Application",
        "prompt": (
            "If the Key Contact listed on the cover sheet is not the author of this application: "
            "name, title and affiliation, telephone number and e-mail address of the primary "
            "author, and the names of other individuals who contributed to the application."
        ),
        "word_limit": 200,
        "required": False,
    },
]

# Aggregate counts of the children served (Appendix I, Part 1): never a child record.
DEMOGRAPHICS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "age",
        "Age",
        [("infants", "Infants"), ("toddlers", "Toddlers"), ("preschool", "Preschool")],
    ),
    (
        "race",
        "Race/ethnicity",
        [
            ("hispanic", "Hispanic or Latino"),
            ("black", "Black or African American"),
            ("white", "White"),
            ("asian", "Asian"),
            ("native", "American Indian or Alaska Native"),
            ("pacific", "Native Hawaiian or Pacific Islander"),
            ("multiracial", "Two or more races"),
            ("unknown", "Other or not reported"),
        ],
    ),
    (
        "language",
        "Home language",
        [("english", "English"), ("spanish", "Spanish"), ("other", "Another language")],
    ),
    ("sex", "Sex", [("female", "Female"), ("male", "Male")]),
    ("disability", "Disability", [("iep_ifsp", "With an IEP or IFSP")]),
    (
        "income",
        "Family income",
        [
            ("below_poverty", "Below the poverty line"),
            ("low_income", "100-200% of the poverty line"),
            ("above_200", "Above 200% of the poverty line"),
        ],
    ),
]

# Selection guidance of Section 4 ("develop clear selection guidance and criteria for reviewing
# and rating centers"): readiness, senior-leader commitment, a cross-role team, partnering with
# families, data use and fit with the aims.
CRITERIA: list[dict[str, Any]] = [
    {
        "name": "Readiness",
        "description": "What is in place for the center to jump in with both feet.",
        "weight": 2,
    },
    {
        "name": "Commitment of the senior leader",
        "description": "Buy-in and active participation of a high-level leader.",
        "weight": 2,
    },
    {
        "name": "Cross-role team",
        "description": "Senior leader, team leader, teachers and a family representative named.",
        "weight": 1,
    },
    {
        "name": "Partnering with families",
        "description": "Families engaged as authentic partners.",
        "weight": 1,
    },
    {
        "name": "Data use",
        "description": "Data collected and used to guide practice and decisions.",
        "weight": 1,
    },
    {
        "name": "Fit with the aims",
        "description": "The BSC is a current priority and fits the center's goals.",
        "weight": 1,
    },
]

RUBRIC_LEVELS = [
    "Little or no evidence",
    "Some evidence, with gaps",
    "Clear evidence",
    "Strong, specific evidence",
]

# Figure 10 of the guide is an image without its text; these expectations are the ones the
# guide's sections on expectations and the pre-work phase name (specific dates, calls,
# assignments and the web platform; team name and motto; storyboard; senior-leader letter of
# commitment), worded for the letter and the Welcome Packet.
EXPECTATIONS = [
    "Your cross-role team (senior leader, team leader, teachers and a family representative) "
    "takes part in every Learning Session and the pre-work day.",
    "Your team joins the monthly all-team calls and your role's affinity-group calls.",
    "Your team signs in to the BSC web platform, completes its team page, and posts its work "
    "there.",
    "Your team creates a team name and motto as its first pre-work activity and posts them on "
    "the platform.",
    "Your team completes the pre-work self-assessment of the Collaborative Change Framework "
    "before the pre-work day.",
    "Your team prepares a storyboard or poster introducing your center, its strengths and its "
    "priorities, to share at the pre-work day.",
    "Your data point person begins collecting the monthly metrics, starting with the baseline "
    "months before Learning Session 1.",
    "Your senior leader's signed letter of commitment stays on file, and the senior leader "
    "protects the team's time for calls, testing changes and classroom coverage.",
]

DEFAULT_LETTERS = {
    "accepted": (
        "Dear {center_name} team,\n\n"
        "We are delighted to welcome **{center_name}** to {collaborative_name}. "
        "Your team's work begins now: the expectations below, and the dates in your Welcome "
        "Packet, say what the coming weeks hold.\n\n"
        "{expectations}\n\n"
        "Each member of your proposed team will receive an e-mail invitation to the BSC web "
        "platform.\n\n"
        "With warm regards,\nThe Implementation Team"
    ),
    "waitlisted": (
        "Dear {center_name} team,\n\n"
        "Thank you for applying to {collaborative_name}. We received more strong applications "
        "than we have places, and we have placed {center_name} on our wait list. We will "
        "write again by {decision_by}.\n\n"
        "With warm regards,\nThe Implementation Team"
    ),
    "declined": (
        "Dear {center_name} team,\n\n"
        "Thank you for the care you put into your application to {collaborative_name}. We are "
        "not able to offer {center_name} a place in this collaborative. We hope to work with "
        "you in the future.\n\n"
        "With warm regards,\nThe Implementation Team"
    ),
}
