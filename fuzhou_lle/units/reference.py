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


# Short forms notices use for units, and the full name each stands for (seeded as UnitAlias rows; the
# committee adds more in the admin). Names differing only by a leading 市 or 福州市 need no alias.
UNIT_ALIASES = [
    ("市人社局", "市人力资源和社会保障局"),
    ("人社局", "市人力资源和社会保障局"),
    ("市人力资源社会保障局", "市人力资源和社会保障局"),
    ("市发改委", "市发展和改革委员会"),
    ("发改委", "市发展和改革委员会"),
    ("市卫健委", "市卫生健康委员会"),
    ("市文旅局", "市文化和旅游局"),
    ("市文广旅局", "市文化和旅游局"),
    ("市妇联", "市妇女联合会"),
    ("团市委", "共青团福州市委员会"),
    ("市科协", "市科学技术协会"),
    ("市残联", "市残疾人联合会"),
    ("市工信局", "市工业和信息化局"),
    ("市市场监管局", "市市场监督管理局"),
    ("市医保局", "市医疗保障局"),
    ("市退役军人局", "市退役军人事务局"),
    # The 2015 members are known by their short names; their full names are the aliases.
    ("市委农村工作办公室", "市委农办"),
    ("市科学技术局", "市科技局"),
    ("市委老干局", "市委老干部局"),
    ("社区大学", "市社区大学"),
    ("福州社区大学", "市社区大学"),
]
