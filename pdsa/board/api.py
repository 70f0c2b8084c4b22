from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import generics, serializers

from bsc.api import CollaborativeAPIMixin, StrictBooleanField
from collaboratives.affinity.models import AffinityGroup
from pdsa.board import selectors as board_selectors
from pdsa.board import services
from pdsa.board.models import Post
from pdsa.cycles import selectors as cycles_selectors
from pdsa.discussion import selectors as discussion_selectors
from pdsa.discussion import services as discussion_services
from pdsa.discussion.models import Comment


class PostSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = serializers.CharField(source="author.get_full_name", read_only=True)
    pinned = StrictBooleanField(required=False)
    # Set when the post is written: the id of an affinity group of the collaborative.
    affinity_group = serializers.UUIDField(
        source="affinity_group.public_id", required=False, allow_null=True
    )
    affinity_group_name = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "kind",
            "affinity_group",
            "affinity_group_name",
            "title",
            "body",
            "body_html",
            "pinned",
            "author",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["body_html"]

    def get_affinity_group_name(self, post: Post) -> str | None:
        return post.affinity_group.name if post.affinity_group else None


class PostList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    serializer_class = PostSerializer

    def get_queryset(self) -> QuerySet[Post]:
        return self.access.collaborative.posts.select_related("author", "affinity_group").order_by(
            "-pinned", "-created_at"
        )

    def perform_create(self, serializer: PostSerializer) -> None:
        data = dict(serializer.validated_data)
        group_id = (data.pop("affinity_group", None) or {}).get("public_id")
        group = None
        if group_id:
            group = AffinityGroup.objects.filter(public_id=group_id).first()
            if group is None:
                raise serializers.ValidationError(
                    {"affinity_group": [_("Choose an affinity group of this collaborative.")]}
                )
        serializer.instance = services.post_create(access=self.access, affinity_group=group, **data)


class PostDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = PostSerializer

    def get_object(self) -> Post:
        return board_selectors.get_post(self.access, self.kwargs["post"])

    def perform_update(self, serializer: PostSerializer) -> None:
        post = serializer.instance
        self.access.require("change_own_content", post)
        data = serializer.validated_data
        if "affinity_group" in data and (data["affinity_group"] or {}).get("public_id") != (
            post.affinity_group.public_id if post.affinity_group else None
        ):
            raise serializers.ValidationError(
                {"affinity_group": [_("The group is chosen when the post is written.")]}
            )
        services.post_update(
            access=self.access,
            post=post,
            title=data.get("title", post.title),
            body=data.get("body", post.body),
        )


class CommentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = serializers.CharField(source="author.get_full_name", read_only=True)
    cycle = serializers.UUIDField(source="cycle.public_id", required=False, allow_null=True)
    ramp = serializers.UUIDField(source="ramp.public_id", required=False, allow_null=True)
    post = serializers.UUIDField(source="post.public_id", required=False, allow_null=True)
    parent = serializers.UUIDField(source="parent.public_id", required=False, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "cycle",
            "ramp",
            "post",
            "parent",
            "author",
            "author_role",
            "body",
            "body_html",
            "created_at",
            "edited_at",
        ]
        read_only_fields = ["author_role", "body_html", "edited_at"]


class CommentList(CollaborativeAPIMixin, generics.ListCreateAPIView):
    """Comments of one target: filter with ?cycle=, ?ramp= or ?post= (their ids)."""

    serializer_class = CommentSerializer

    def get_queryset(self) -> QuerySet[Comment]:
        comments = self.access.collaborative.comments.select_related(
            "author", "cycle", "ramp", "post", "parent"
        )
        for name in ("cycle", "ramp", "post"):
            value = self.request.query_params.get(name)
            if value:
                try:
                    comments = comments.filter(**{f"{name}__public_id": value})
                except DjangoValidationError as error:
                    raise serializers.ValidationError({name: error.messages}) from error
        return comments.order_by("created_at")

    def perform_create(self, serializer: CommentSerializer) -> None:
        data = serializer.validated_data
        targets = {}
        getters = {
            "cycle": cycles_selectors.get_cycle,
            "ramp": cycles_selectors.get_ramp,
            "post": board_selectors.get_post,
        }
        for name, getter in getters.items():
            value = (data.get(name) or {}).get("public_id")
            if value:
                targets[name] = getter(self.access, value)
        if len(targets) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give exactly one of cycle, ramp or post.")]}
            )
        parent_id = (data.get("parent") or {}).get("public_id")
        parent = discussion_selectors.get_comment(self.access, parent_id) if parent_id else None
        serializer.instance = discussion_services.comment_create(
            access=self.access, body=data.get("body", ""), parent=parent, **targets
        )


class CommentDetail(CollaborativeAPIMixin, generics.RetrieveUpdateAPIView):
    serializer_class = CommentSerializer

    def get_object(self) -> Comment:
        return discussion_selectors.get_comment(self.access, self.kwargs["comment"])

    def perform_update(self, serializer: CommentSerializer) -> None:
        comment = serializer.instance
        self.access.require("edit_comment", comment)
        discussion_services.comment_edit(
            access=self.access,
            comment=comment,
            body=serializer.validated_data.get("body", comment.body),
        )
