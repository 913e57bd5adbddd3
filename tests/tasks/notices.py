"""Synthetic notices in the forms real ones take, for the parser's tests."""

from io import BytesIO

# Numbered headings (一、 （一）), 责任单位 + 配合单位, a bracket on its own line, an item without bracket,
# a document number, the signature at the end and half-width colons.
NUMBERED = """福州市终身教育促进委员会文件
榕终教委〔2016〕3号
关于印发2016年福州市终身教育工作要点的通知
各成员单位：
现将《2016年福州市终身教育工作要点》印发给你们，请认真贯彻落实。

2016年福州市终身教育工作要点

2016年，全市终身教育工作要以建设学习型城市为目标。

一、健全工作机制
（一）完善联席会议制度。每半年召开一次成员单位联席会议。（责任单位：市教育局；配合单位：市民政局、市文广新局）
（二）建立督查通报制度。每季度通报工作要点落实情况。
（责任单位:市终身教育促进委员会办公室）
二、丰富学习资源
1.建设社区教育课程库。新增课程100门。(牵头单位：市社区大学、市图书馆等，市终身教育促进委员会其他成员单位配合)
2.开展全民终身学习活动周。组织各类学习活动。
3.推进老年教育。扩大老年大学办学规模。（市委老干部局牵头，市教育局、市民政局配合）

福州市终身教育促进委员会
二〇一六年三月二日
"""

# No numbering, no wrapper: the plan itself, units separated by ，.
UNNUMBERED = """2017年福州市终身教育工作要点

推进学习型城市建设
开展学习型家庭评选。在全市评选100户学习型家庭。（牵头单位：市妇联，市教育局，市终身教育促进委员会其他成员单位配合）
扩大开放学习资源。推进公共文化设施免费开放。（牵头单位：市终身教育促进委员会各成员单位）
"""


def docx_bytes(text: str) -> bytes:
    """A .docx with one paragraph per line of `text`, as a notice saved from Word is."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
