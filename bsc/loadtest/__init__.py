"""`make loadtest`: the production shape (gunicorn, a Celery worker, PostgreSQL, Redis) under
the four portals' journeys from simulated users, on a database of its own with three tenants.

`orchestra` seeds and starts the processes, `locustfile` is what each simulated user does (it
runs in Locust's own process and speaks only HTTP; `pages` reads forms and looks for other
tenants' names in what it gets), `report` turns the measurements into the
table and the targets' verdicts.
"""
