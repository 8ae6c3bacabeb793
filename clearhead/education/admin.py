from django.contrib import admin

from clearhead.education.models import ArticleFeedback


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article_slug", "helpful", "created_at", "comment"]
    list_filter = ["helpful", "article_slug"]
    readonly_fields = ["article_slug", "helpful", "comment", "created_at"]

    def has_add_permission(self, request):
        return False
