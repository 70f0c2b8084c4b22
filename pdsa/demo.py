"""Demo PDSA ramps, cycles, comments, posts, resources and faculty rotation for BSC-SEL."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from bsc.demo import DemoContext
from bsc.models import User
from collaboratives.affinity.models import AffinityGroup
from collaboratives.evaluations.demo import load_evaluations
from collaboratives.membership.models import Membership
from pdsa.action_plans.demo import load_action_plans
from pdsa.board.models import BoardEntry, Post
from pdsa.coaching.models import FacultyAssignment
from pdsa.cycles.drivers import secondary_driver
from pdsa.cycles.models import Attachment, Cycle, Ramp
from pdsa.discussion.markdown import render_markdown
from pdsa.discussion.models import Comment
from pdsa.library.models import Resource

# title, change idea, (primary, secondary) driver, [cycle objectives], status
RAMP_IDEAS = [
    (
        "Take Five break practice",
        "Staff take a five-minute calm-down break, covered by a floater, when they feel stress "
        "rising.",
        (5, 3),
        [
            "Try a Take Five break for one teacher during the afternoon.",
            "Offer Take Five to both teachers of the toddler room.",
            "Offer Take Five in every classroom with a floater schedule.",
        ],
    ),
    (
        "Family communication log",
        "A two-line daily note to each family about one moment their child enjoyed.",
        (3, 1),
        [
            "Send a daily positive note home for one child for a week.",
            "Send notes for every child in one classroom.",
            "Use the log in two classrooms and ask families what they think.",
            "Use the log in every classroom.",
        ],
    ),
    (
        "Visual schedules for transitions",
        "A picture schedule at child height, reviewed with children before each transition.",
        (1, 2),
        [
            "Use a picture schedule with one child who struggles at clean-up time.",
            "Use the picture schedule with the whole preschool room.",
            "Add a visual timer to the schedule for transitions outdoors.",
            "Use visual schedules in several classrooms.",
            "Make visual schedules part of every classroom's set-up.",
        ],
    ),
    (
        "Feelings check-in at morning circle",
        "Children pick a feelings face at morning circle and name the feeling.",
        (2, 1),
        [
            "Try a feelings check-in with one small group.",
            "Use the check-in at morning circle in one classroom.",
        ],
    ),
]
SCALES = ["one_child", "one_teacher", "one_classroom", "several_classrooms", "whole_center"]
FACULTY_COMMENTS = [
    "Lovely small test. What will you look for to know the break really helped?",
    "Great to see you growing the scale. Could you track how many days it happened?",
    "This is a nice example to share on the next all-team call. @Carmen Diaz, are you happy to?",
    "Consider stealing the family log from Maple Street: they had a similar idea.",
]


def _days_ago(ctx: DemoContext, days: int) -> datetime.datetime:
    day = ctx.today - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))


def load(ctx: DemoContext) -> None:
    sel = ctx.objects["sel"]
    centers = ctx.objects["sel_centers"]
    _load_ramps(ctx, sel, centers)
    # Evaluations need the center teams to have attended; Action Plans expand the ramps above.
    load_evaluations(sel)
    load_action_plans(sel, centers)


def _load_ramps(ctx: DemoContext, sel, centers) -> None:
    if Ramp.objects.filter(center__collaborative=sel).exists():
        return
    faculty = [
        m.user
        for m in Membership.objects.filter(collaborative=sel, role=Membership.Role.FACULTY)
        .select_related("user")
        .order_by("user__email")
    ]
    lead_faculty = User.objects.get(email="faculty@demo.test")
    faculty = [lead_faculty] + [f for f in faculty if f.pk != lead_faculty.pk]
    _assignments(sel, centers, faculty)
    drivers = {key: secondary_driver(sel, *key) for _t, _c, key, _o in RAMP_IDEAS}
    for index, center in enumerate(centers):
        author = center.memberships.filter(center_role="team_leader").first().user
        ramp_count = 2 + index % 3
        for ramp_index in range(ramp_count):
            title, idea, key, objectives = RAMP_IDEAS[(index + ramp_index) % len(RAMP_IDEAS)]
            cycle_count = 1 + (index + ramp_index * 2) % min(5, len(objectives))
            ramp = Ramp.objects.create(
                center=center,
                title=title,
                change_idea=idea,
                status=Ramp.Status.IMPLEMENTING if cycle_count >= 3 else Ramp.Status.TESTING,
                created_by=author,
            )
            if drivers[key]:
                ramp.secondary_drivers.add(drivers[key])
            for number in range(1, cycle_count + 1):
                last = number == cycle_count
                waiting = last and (index + ramp_index) % 3 == 0
                _cycle(
                    ctx,
                    ramp,
                    number,
                    objectives[number - 1],
                    last,
                    waiting,
                    author,
                    faculty[index % len(faculty)],
                    index + ramp_index,
                )
    _posts_and_resources(ctx, sel, centers, drivers)
    _attachment(centers[0])


def _attachment(center) -> None:
    """A stand-in photo of a paper PDSA form on the first center's first cycle."""
    cycle = Cycle.objects.filter(ramp__center=center).order_by("pk").first()
    image = Image.new("RGB", (120, 160), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    attachment = Attachment(
        cycle=cycle,
        file_type="png",
        original_name="pdsa-form-photo.png",
        size=len(buffer.getvalue()),
        uploaded_by=cycle.created_by,
    )
    attachment.file.save("upload", ContentFile(buffer.getvalue()), save=False)
    attachment.save()


def _assignments(sel, centers, faculty) -> None:
    for period in (1, 2):
        for index, center in enumerate(centers):
            # Rotate each period; the first center keeps its coach once, to show the warning.
            coach = faculty[(index + (period - 1) * (0 if index == 0 else 1)) % len(faculty)]
            FacultyAssignment.objects.get_or_create(
                collaborative=sel,
                period=period,
                center=center,
                defaults={"faculty": coach, "period_label": f"Action Period {period}"},
            )


def _cycle(ctx, ramp, number, objective, last, waiting, author, coach, seed) -> None:
    started = _days_ago(ctx, 10 + (5 - number) * 14 + seed)
    done = not last
    cycle = Cycle.objects.create(
        ramp=ramp,
        number=number,
        objective=objective,
        questions="Will it fit in our day? Do children and staff notice a difference?",
        prediction="It will take a few days to become routine, then help.",
        who=author.get_full_name(),
        what=ramp.change_idea,
        where=ramp.center.name,
        when="Next week",
        scale=SCALES[min(number - 1, len(SCALES) - 1)],
        data_to_collect="Tally of days it happened; one quote from staff or families.",
        start_date=started.date(),
        end_date=(started + datetime.timedelta(days=7)).date() if done else None,
        plan_saved_at=started,
        created_by=author,
    )
    cycle.stage = Cycle.Stage.DO
    if done or seed % 2 == 0:
        cycle.what_happened = "We did it on four days out of five."
        cycle.observations = "Children looked for it by the third day."
        cycle.do_saved_at = started + datetime.timedelta(days=5)
        cycle.stage = Cycle.Stage.STUDY
    if done:
        cycle.results = "Better than predicted: it became routine within three days."
        cycle.learned = "It needs a named person to keep it going."
        cycle.decision = Cycle.Decision.ADOPT if number > 1 else Cycle.Decision.ADAPT
        cycle.next_step = "Grow the test to the next scale."
        cycle.study_saved_at = started + datetime.timedelta(days=7)
        cycle.act_saved_at = started + datetime.timedelta(days=8)
        cycle.stage = Cycle.Stage.DONE
    activity = max(t for t in [cycle.plan_saved_at, cycle.do_saved_at, cycle.act_saved_at] if t)
    cycle.activity_at = activity
    if not waiting:
        comment = Comment.objects.create(
            collaborative=ramp.center.collaborative,
            cycle=cycle,
            author=coach,
            author_role="Faculty",
            body=FACULTY_COMMENTS[seed % len(FACULTY_COMMENTS)],
            body_html=render_markdown(FACULTY_COMMENTS[seed % len(FACULTY_COMMENTS)]),
        )
        feedback = activity + datetime.timedelta(days=2)
        Comment.objects.filter(pk=comment.pk).update(created_at=feedback)
        cycle.feedback_at = feedback
    cycle.save()
    BoardEntry.objects.create(
        collaborative=ramp.center.collaborative,
        kind=BoardEntry.Kind.CYCLE,
        cycle=cycle,
        center=ramp.center,
        updated_at=activity,
        is_update=cycle.do_saved_at is not None,
    )


def _posts_and_resources(ctx, sel, centers, drivers) -> None:
    it = User.objects.get(email="it@demo.test")
    center_author = User.objects.get(email="center@demo.test")
    posts = [
        (
            it,
            None,
            Post.Kind.ANNOUNCEMENT,
            "Learning Session 2 agenda is posted",
            "The agenda for **Learning Session 2** is in the resource library. Bring one PDSA "
            "you are proud of and one that surprised you.",
            True,
            3,
        ),
        (
            center_author,
            centers[0],
            Post.Kind.QUESTION,
            "How do you cover Take Five breaks?",
            "We love the *Take Five* idea but our floater is often in ratio. How do other "
            "centers cover the break?",
            False,
            6,
        ),
        (
            centers[1].memberships.filter(center_role="team_leader").first().user,
            centers[1],
            Post.Kind.DISCUSSION,
            "Our family log template",
            "Here is what worked for us:\n\n- two lines only\n- one photo a week\n- "
            "families reply on paper or by text",
            False,
            12,
        ),
    ]
    # Posts in the affinity groups' channels (the board filtered to a role across centers).
    groups: dict[str, AffinityGroup | None] = {}
    for role, title, body, days in (
        (
            "teacher",
            "Visual schedule cards that survive toddlers",
            "We laminate ours and use velcro. What do your classrooms use?",
            4,
        ),
        (
            "family_representative",
            "What families told us about the daily log",
            "Parents like the photo; several asked for the note in Spanish.",
            8,
        ),
    ):
        member = (
            Membership.objects.filter(collaborative=sel, center_role=role)
            .select_related("user", "center")
            .order_by("center__name")
            .first()
        )
        if member is not None:
            posts.append(
                (member.user, member.center, Post.Kind.DISCUSSION, title, body, False, days)
            )
            # Addressed to the author's affinity group, as the post form offers.
            groups[title] = AffinityGroup.objects.filter(
                collaborative=sel, center_role=role
            ).first()
    for author, center, kind, title, body, pinned, days in posts:
        post = Post.objects.create(
            collaborative=sel,
            author=author,
            center=center,
            kind=kind,
            title=title,
            body=body,
            body_html=render_markdown(body),
            pinned=pinned,
            affinity_group=groups.get(title),
        )
        Post.objects.filter(pk=post.pk).update(created_at=_days_ago(ctx, days))
        BoardEntry.objects.create(
            collaborative=sel,
            kind=BoardEntry.Kind.POST,
            post=post,
            center=center,
            updated_at=_days_ago(ctx, days),
        )
    question = Post.objects.get(collaborative=sel, title="How do you cover Take Five breaks?")
    reply_author = centers[2].memberships.filter(center_role="team_leader").first().user
    Comment.objects.create(
        collaborative=sel,
        post=question,
        author=reply_author,
        author_role="Team leader",
        body="We ask the director to step in for five minutes at nap time.",
        body_html=render_markdown("We ask the director to step in for five minutes at nap time."),
    )
    resources = [
        (
            "Pyramid Model: Take Five poster",
            "A printable poster for the staff room.",
            "https://challengingbehavior.org/",
            (5, 3),
            "staff well-being, poster",
        ),
        (
            "Visual schedule picture cards",
            "Picture cards for daily routines.",
            "https://challengingbehavior.org/",
            (1, 2),
            "transitions, visual supports",
        ),
        (
            "PDSA worksheet",
            "The one-page paper form centers use in classrooms.",
            "https://www.ihi.org/",
            None,
            "PDSA, form",
        ),
        (
            "Family communication tips",
            "Ideas for short daily notes home.",
            "https://eclkc.ohs.acf.hhs.gov/",
            (3, 1),
            "families, communication",
        ),
        (
            "Outreach talking points and expectations sheet",
            "What to tell a prospective center: what taking part asks of the team, what it "
            "costs and what it brings.",
            "https://challengingbehavior.org/",
            None,
            "selection, outreach",
        ),
    ]
    for days, (title, description, url, key, tags) in enumerate(resources, start=1):
        resource = Resource.objects.create(
            collaborative=sel, title=title, description=description, url=url, tags=tags, added_by=it
        )
        if key and drivers.get(key):
            resource.drivers.add(drivers[key])
        BoardEntry.objects.create(
            collaborative=sel,
            kind=BoardEntry.Kind.RESOURCE,
            resource=resource,
            updated_at=_days_ago(ctx, 20 + days),
        )
