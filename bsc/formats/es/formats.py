# Spanish as U.S. programs write it: day before month, 24-hour clock, and the decimal point
# (not the comma of Spain), as in Mexico and the United States.
DATE_FORMAT = r"j \d\e F \d\e Y"  # 3 de marzo de 2026
DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"  # martes 3 de marzo de 2026, 11:00
TIME_FORMAT = "H:i"  # 11:00
YEAR_MONTH_FORMAT = r"F \d\e Y"  # marzo de 2026
MONTH_DAY_FORMAT = r"j \d\e F"  # 3 de marzo
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
SHORT_MONTH_FORMAT = "M Y"  # Mar 2026, for table headings
FIRST_DAY_OF_WEEK = 0  # domingo, as U.S. calendars show the week
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
