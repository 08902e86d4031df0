from django.contrib import admin

from breakaway.courses.models import CourseDesign, CourseDesignVersion


class CourseDesignVersionInline(admin.TabularInline):
    model = CourseDesignVersion
    extra = 0
    fields = ("number", "change_note", "created_by", "created_at")
    readonly_fields = ("number", "change_note", "created_by", "created_at")


@admin.register(CourseDesign)
class CourseDesignAdmin(admin.ModelAdmin):
    list_display = ["organisation", "length", "headcount", "created_at"]
    list_select_related = ["organisation"]
    inlines = [CourseDesignVersionInline]
