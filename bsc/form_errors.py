"""Shared by every app's views: the submitted data, and a service's refusal shown in the form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def posted_data(request: HttpRequest) -> Any:
    """The submitted data, even when empty: an empty POST must show "required" errors."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has the field,
    else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
