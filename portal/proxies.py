"""The client behind a reverse proxy: werkzeug's ProxyFix, for trusted connections only.

ProxyFix rewrites the WSGI environ in place (REMOTE_ADDR, wsgi.url_scheme, HTTP_HOST), so
the limiter (remote_addr), the audit trail, url_for(_external=True), request.is_secure
and gunicorn's access log all see the visitor and the public host. Forwarded headers are
believed only on connections from the proxy's own address: a client that reaches gunicorn
directly, or any client when TRUSTED_PROXIES is 0, forges nothing.
"""

from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxyFix:
    def __init__(self, app, count: int, addresses):
        self.app = app
        self.fixed = ProxyFix(app, x_for=count, x_proto=count, x_host=count)
        self.addresses = frozenset(addresses)

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR") or ""  # empty on a Unix socket: a local process
        if not peer or peer in self.addresses:
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
