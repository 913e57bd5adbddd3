"""The guide as read-only JSON for the committee's WeChat and web partners. Public fields only: the
serializers name every field they show, so a private field added to a model never leaks by default."""

from django.core.exceptions import ValidationError
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.reverse import reverse

from .filters import OfferingFilter
from .models import TIMETABLE_FIELDS, Course, Offering, TeachingPoint


class ByIdPagination(CursorPagination):
    """Keyset pages: deep pages cost what the first one costs."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("id",)

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """DRF filters on the cursor's position as it comes; a forged one (text for a number, a NUL) would
        fail in the database. Refuse it as DRF refuses a malformed cursor."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
            try:
                value = field.to_python(cursor.position)
            except ValidationError as error:
                raise NotFound(self.invalid_cursor_message) from error
            if isinstance(value, str) and "\x00" in value:
                raise NotFound(self.invalid_cursor_message)
        return cursor


class GuidePagination(ByIdPagination):
    ordering = ("weekday", "start_time", "id")


class TeachingPointSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name")
    district_code = serializers.CharField(source="district.code")

    class Meta:
        model = TeachingPoint
        fields = [
            "id",
            "name",
            "district",
            "district_code",
            "street",
            "address",
            "contact",
            "capacity",
            "accessibility",
        ]


class CourseSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    level = serializers.CharField(source="get_level_display")
    audiences = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Course
        fields = ["id", "title", "category", "level", "audiences", "description", "hours"]


class OfferingSerializer(serializers.ModelSerializer):
    course = serializers.CharField(source="course.title")
    course_id = serializers.IntegerField()
    category = serializers.CharField(source="course.category.name")
    teaching_point = serializers.CharField(source="teaching_point.name")
    teaching_point_id = serializers.IntegerField()
    district = serializers.CharField(source="teaching_point.district.name")
    street = serializers.CharField(source="teaching_point.street")
    term = serializers.CharField(source="term.name")
    weekday_name = serializers.CharField(source="get_weekday_display")
    teacher = serializers.CharField(source="teacher.name", default=None)
    url = serializers.URLField(source="get_absolute_url")

    class Meta:
        model = Offering
        # Every field a district writes, with names and links a partner needs alongside.
        fields = [
            "id",
            *TIMETABLE_FIELDS,
            "course_id",
            "category",
            "teaching_point_id",
            "district",
            "street",
            "weekday_name",
            "url",
        ]


class OfferingViewSet(viewsets.ReadOnlyModelViewSet):
    """Published offerings that have not ended, with the guide's filters."""

    queryset = Offering.objects.public().for_listing()
    serializer_class = OfferingSerializer
    filterset_class = OfferingFilter
    pagination_class = GuidePagination


class TeachingPointViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = TeachingPoint.objects.select_related("district")
    serializer_class = TeachingPointSerializer
    pagination_class = ByIdPagination
    filterset_fields = {"district__code": ["exact"], "street": ["exact"]}


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Course.objects.select_related("category").prefetch_related("audiences")
    serializer_class = CourseSerializer
    pagination_class = ByIdPagination
    filterset_fields = {"category": ["exact"], "audiences": ["exact"]}


class ApiRootView(routers.APIRootView):
    """What the API offers, for a partner who starts at /courses/api/: each list and the OpenAPI schema."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["schema"] = reverse("courses:api_schema", request=request)
        return response


class Router(routers.DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False
