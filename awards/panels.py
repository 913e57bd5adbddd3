from django.urls import reverse
from django.utils.translation import gettext as _

from fuzhou_lle.nominations import panels

from .views import KIT


def home(request):
    return panels.home(
        request,
        kit=KIT,
        title=_("终身学习之星"),
        public_url=reverse("awards:stars"),
        public_label=_("查看终身学习之星"),
    )


def my_work(request):
    return panels.my_work(request, kit=KIT, title=_("终身学习之星推荐"))
