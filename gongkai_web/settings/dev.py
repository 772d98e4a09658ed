"""Local development: debug on, an insecure key, plain HTTP. Never deploy with these."""

from gongkai_web.settings.base import *  # noqa: F403
from gongkai_web.settings.base import env

#: GONGKAI_DEBUG=0 shows the site's own error pages (the screenshots' demo server runs so).
DEBUG = env("GONGKAI_DEBUG", "1") != "0"
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-deploy"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
#: The demo's accounts sign in with their password alone (GONGKAI_TWO_FACTOR=1 to try the second factor here);
#: production asks leaders, administrators and the superior office for a TOTP code (docs/deploy.md).
GONGKAI_TWO_FACTOR = env("GONGKAI_TWO_FACTOR", "0") == "1"

#: The demo's footer (a real site sets GONGKAI_SITE_* in its environment; docs/deploy.md).
GONGKAI_SITE_FOOTER = {
    "host": env("GONGKAI_SITE_HOST") or "长治市上党区人民政府办公室（演示）",
    "contact": env("GONGKAI_SITE_CONTACT") or "0355-0000000",
    "icp": env("GONGKAI_SITE_ICP") or "演示站点，无备案号",
    "police": env("GONGKAI_SITE_POLICE") or "",
    "site_code": env("GONGKAI_SITE_CODE") or "",
}
