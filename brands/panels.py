from django.urls import reverse
from django.utils.translation import gettext as _

from fuzhou_lle.nominations import panels

from .views import KIT


def home(request):
    return panels.home(
        request,
        kit=KIT,
        title=_("社区教育品牌"),
        public_url=reverse("brands:registry"),
        public_label=_("查看品牌库"),
    )


def my_work(request):
    return panels.my_work(request, kit=KIT, title=_("品牌推荐"))
