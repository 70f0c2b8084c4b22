"""The newsletter archive over the API: read only, sent newsletters (drafts for the IT)."""

from django.db.models import QuerySet
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin
from metrics.newsletter import selectors, services
from metrics.newsletter.models import Newsletter


class NewsletterSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    month = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    class Meta:
        model = Newsletter
        fields = ["id", "month", "title", "status", "sent_at", "html", "text"]
        read_only_fields = fields

    def get_month(self, newsletter: Newsletter) -> str:
        """The month it was sent in, as YYYY-MM."""
        return newsletter.month.strftime("%Y-%m")

    def get_html(self, newsletter: Newsletter) -> str:
        return newsletter.sent_html if newsletter.is_sent else services.render_html(newsletter)

    def get_text(self, newsletter: Newsletter) -> str:
        return newsletter.sent_text if newsletter.is_sent else services.render_text(newsletter)


class NewsletterList(CollaborativeAPIMixin, generics.ListAPIView):
    serializer_class = NewsletterSerializer

    def get_queryset(self) -> QuerySet[Newsletter]:
        return selectors.newsletters_visible_to(self.access).order_by("-month")


class NewsletterDetail(CollaborativeAPIMixin, generics.RetrieveAPIView):
    serializer_class = NewsletterSerializer

    def get_object(self) -> Newsletter:
        return selectors.get_newsletter(self.access, self.kwargs["newsletter"])
