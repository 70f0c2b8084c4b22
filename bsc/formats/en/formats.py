# One style per kind of value, used by bsc.formatting and its template filters.
DATE_FORMAT = "M j, Y"  # Mar 3, 2026
DATETIME_FORMAT = "D, M j, Y, g:i A"  # Tue, Mar 3, 2026, 11:00 AM
TIME_FORMAT = "g:i A"  # 11:00 AM
YEAR_MONTH_FORMAT = "F Y"  # March 2026
MONTH_DAY_FORMAT = "M j"  # Mar 3
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
SHORT_MONTH_FORMAT = "M Y"  # Mar 2026, for table headings
FIRST_DAY_OF_WEEK = 0  # Sunday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
