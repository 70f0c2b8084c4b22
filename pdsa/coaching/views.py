from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bsc.form_errors import add_service_errors, posted_data
from bsc.tenancy import Access, centers_visible_to, collaborative_view, members_visible_to
from collaboratives.membership.models import Membership
from pdsa.coaching import selectors, services
from pdsa.coaching.forms import AssignmentForm


@collaborative_view()
def assignments(request: HttpRequest, access: Access) -> HttpResponse:
    access.require("review_center_work")
    centers = list(centers_visible_to(access))
    faculty = [m.user for m in members_visible_to(access).filter(role=Membership.Role.FACULTY)]
    form = None
    if access.can("manage_faculty_assignments"):
        from bsc.models import User

        form = AssignmentForm(
            posted_data(request),
            centers=centers_visible_to(access),
            faculty=User.objects.filter(pk__in=[u.pk for u in faculty]),
        )
        if request.method == "POST" and form.is_valid():
            try:
                _assignment, repeats = services.assignment_set(access=access, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if repeats:
                    messages.warning(
                        request,
                        _(
                            "Saved, but this coach also had this center in the previous "
                            "Action Period. Rotating brings fresh eyes, spreads faculty "
                            "expertise and builds relationships across centers."
                        ),
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect("pdsa:assignments", slug=access.collaborative.slug)
    elif request.method == "POST":
        access.require("manage_faculty_assignments")
    periods, rows, repeats = selectors.rotation(access, centers)
    return render(
        request,
        "pdsa/coaching/assignments.html",
        {"periods": periods, "rows": rows, "repeats": repeats, "form": form},
    )
