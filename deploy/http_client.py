"""A small browser for the production smoke test: cookies, Django's CSRF token, forms with files."""

import json
import re
import uuid
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode()

    def json(self):
        return json.loads(self.body)


class Browser:
    def __init__(self, base_url, cookies=None):
        self.base_url = base_url.rstrip("/")
        self.cookies = cookies if cookies is not None else CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect())

    def request(self, path, data=None, headers=None, timeout=20):
        request = Request(self.base_url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Response(response.status, response.headers, response.read())
        except HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def csrf_token(self, path):
        page = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post(self, path, fields, files=None, form_path=None):
        """Post a form like a browser: fetch the form page for its CSRF token first."""
        fields = {"csrfmiddlewaretoken": self.csrf_token(form_path or path), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, content_type) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": self.base_url + path,
        }
        return self.request(path, data=body, headers=headers)

    def login(self, username, password):
        response = self.post("/accounts/login/", {"username": username, "password": password})
        assert response.status == 302, f"login failed: {response.status} {response.text[:500]}"
        return response
