"""Local development: debug on, an insecure key, plain HTTP. Never deploy with these."""

from gongkai_web.settings.base import *  # noqa: F403
from gongkai_web.settings.base import env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-deploy"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
