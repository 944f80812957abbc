"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi …`."""

import gc

from app import create_app

app = create_app()

# What start-up built (rule base, catalogs, steps, models) lives as long as the
# process: moved out of the cyclic collector's reach, a full collection no
# longer walks it again (one used to cost a PDF rendering a tenth of a second).
gc.freeze()
