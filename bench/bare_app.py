"""The baseline: a bare Flask endpoint returning a small fixed page."""

from flask import Flask

app = Flask(__name__)
PAGE = "<!doctype html><html lang=en><title>bare</title><h1>Hello</h1></html>"


@app.get("/")
def index() -> str:
    return PAGE
