"""Dates as the rest of the archive writes them (ISO 8601), in the admin too.

Django formats dates by the locale (en-gb: "1 Dec 2026", "Dec. 1, 2026, 10 a.m." in the
change lists); these override the locale's, through settings.FORMAT_MODULE_PATH.
"""
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
