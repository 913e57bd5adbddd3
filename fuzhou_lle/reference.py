"""Reference data every installation has: Fuzhou's 13 county-level areas (2015) and the core units.

Plain constants so that data migrations can use them without importing live models.
"""

# (name, code) in the order the city lists them.
DISTRICTS = [
    ("鼓楼区", "gulou"),
    ("台江区", "taijiang"),
    ("仓山区", "cangshan"),
    ("晋安区", "jinan"),
    ("马尾区", "mawei"),
    ("福清市", "fuqing"),
    ("长乐市", "changle"),
    ("闽侯县", "minhou"),
    ("连江县", "lianjiang"),
    ("罗源县", "luoyuan"),
    ("闽清县", "minqing"),
    ("永泰县", "yongtai"),
    ("平潭县", "pingtan"),
]

COMMITTEE_OFFICE = "市终身教育促进委员会办公室"
COMMUNITY_UNIVERSITY = "市社区大学"


def district_committee_name(district_name):
    return f"{district_name}终身教育促进委员会"


# The member units the 2015 notice names, in the order it first names them.
MEMBER_UNITS = [
    "市教育局",
    "市民政局",
    "市委宣传部",
    "市委组织部",
    "市人力资源和社会保障局",
    "市总工会",
    "市委老干部局",
    "市委农办",
    "市科技局",
    "市财政局",
]


_READ = ("view",)
_KEEP = ("view", "add", "change", "delete")
_NOMINATION_RECORDS = ("round", "criterion", "districtquota", "transition", "objection", "assignment")

# Everything the committee role may do in the admin, as "app.codename" (its portal pages check the role
# itself, not these). Reference data it keeps; workflow models and records it only reads, since they change
# through the services; accounts, groups and permissions it never touches (superusers only).
COMMITTEE_PERMISSIONS = [
    f"{app}.{action}_{model}"
    for app, models, actions in [
        ("fuzhou_lle", ("district", "unit"), ("view", "add", "change")),
        ("fuzhou_lle", ("reminderlog", "digestdelivery", "auditevent"), _READ),
        ("courses", ("category", "audience", "term", "course", "teacher", "textbook"), _KEEP),
        ("courses", ("teachingpoint", "offering"), _READ),
        (
            "tasks",
            ("workplan", "section", "task", "taskunit", "milestone", "progressreport", "evidence"),
            _READ,
        ),
        ("brands", (*_NOMINATION_RECORDS, "brandnomination", "brand", "inspection"), _READ),
        ("awards", (*_NOMINATION_RECORDS, "starnomination"), _READ),
    ]
    for model in models
    for action in actions
]
