"""The file forms a notice arrives in, for tests that read one text in every form."""

import opencc

from tests.tasks.notices import docx_bytes

to_traditional = opencc.OpenCC("s2t").convert

TEXT_FORMS = {
    "utf-8": lambda text: (text.encode("utf-8"), "notice.txt"),
    "gb18030": lambda text: (text.encode("gb18030"), "notice.txt"),
    "utf-16": lambda text: (text.encode("utf-16"), "notice.txt"),
    "docx": lambda text: (docx_bytes(text), "notice.docx"),
    "traditional": lambda text: (to_traditional(text).encode("utf-8"), "notice.txt"),
}


def units(task):
    return task.lead_units, task.supporting_units, [entry["name"] for entry in task.collective_units]
