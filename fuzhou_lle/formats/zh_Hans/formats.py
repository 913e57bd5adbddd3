# Django's zh_Hans pads the month ("08月31日"); Fuzhou's notices and timetables write "8月31日".
MONTH_DAY_FORMAT = "n月j日"
