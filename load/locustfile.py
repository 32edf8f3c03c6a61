"""A shop's traffic mix for Locust: many browse and search requests, fewer
product views, some cart changes, and a few checkouts and order-history views
by signed-in users who register when they start (an admin marks each one's
email verified, as checkout needs: `LOAD_ADMIN_EMAIL` and `LOAD_ADMIN_PASSWORD`,
the demo admin by default). Every response is checked for what a client relies
on, not only its status.

Run it with `make loadtest` (headless, fixed time, CSV and HTML report), or
`locust -f load/locustfile.py --host http://127.0.0.1:8080` for the web UI.
"""

import os
import random
import uuid

from locust import HttpUser, between, task

SEARCHES = ["wool", "tea", "lamp", "soap", "mug", "linen", "oak"]
SORTS = ["sort=price", "sort=price&order=desc", "sort=name", "sort=newest"]
ADDRESS = {
    "recipient": "Load Tester",
    "line1": "Rua Augusta 1",
    "city": "Lisboa",
    "postal_code": "1100-048",
    "country": "PT",
}


def check(response, predicate, what):
    """Fails the request in the report unless `predicate(json)` holds."""
    try:
        body = response.json()
    except ValueError:
        response.failure(f"{what}: not JSON")
        return None
    if not predicate(body):
        response.failure(f"{what}: unexpected body {str(body)[:200]}")
        return None
    response.success()
    return body


class Shopper(HttpUser):
    wait_time = between(0.2, 1.5)
    admin_token = None

    def on_start(self):
        self.products = []
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        password = "a load test passphrase"
        with self.client.post(
            "/api/identity/register",
            json={"email": email, "password": password, "name": "Load Tester"},
            name="POST /api/identity/register",
            catch_response=True,
        ) as r:
            check(r, lambda b: b.get("email") == email, "register")
        with self.client.post(
            "/api/identity/login",
            json={"email": email, "password": password},
            name="POST /api/identity/login",
            catch_response=True,
        ) as r:
            body = check(r, lambda b: b.get("token_type") == "Bearer", "login")
        token = body["access_token"] if body else ""
        self.auth = {"Authorization": f"Bearer {token}"}
        self.verify(email, password)

    def verify(self, email, password):
        """Has the admin mark the new account verified, then logs in again:
        the token from before says `email_verified: false`."""
        if Shopper.admin_token is None:
            # One admin login for every user of this process: the login limit
            # counts per email.
            Shopper.admin_token = self.client.post(
                "/api/identity/login",
                json={
                    "email": os.environ.get("LOAD_ADMIN_EMAIL", "admin@example.com"),
                    "password": os.environ.get("LOAD_ADMIN_PASSWORD", "demo-admin-password"),
                },
                name="POST /api/identity/login (admin)",
            ).json().get("access_token", "")
        me = self.client.get("/api/identity/me", headers=self.auth, name="GET /api/identity/me").json()
        with self.client.post(
            f"/api/identity/admin/users/{me.get('id')}/verify-email",
            headers={"Authorization": f"Bearer {Shopper.admin_token}"},
            name="POST /api/identity/admin/users/{id}/verify-email",
            catch_response=True,
        ) as r:
            check(r, lambda b: b.get("email_verified") is True, "verify")
        with self.client.post(
            "/api/identity/login",
            json={"email": email, "password": password},
            name="POST /api/identity/login",
            catch_response=True,
        ) as r:
            body = check(r, lambda b: b.get("token_type") == "Bearer", "login")
        if body:
            self.auth = {"Authorization": f"Bearer {body['access_token']}"}

    @task(10)
    def browse(self):
        page = random.randint(1, 3)
        with self.client.get(
            f"/api/catalog/products?per_page=20&page={page}",
            name="GET /api/catalog/products",
            catch_response=True,
        ) as r:
            body = check(r, lambda b: isinstance(b.get("items"), list) and b.get("total", 0) > 0, "browse")
        if body and body["items"]:
            self.products = [p["id"] for p in body["items"] if p.get("stock", 0) > 0]

    @task(6)
    def search(self):
        q, sort = random.choice(SEARCHES), random.choice(SORTS)
        with self.client.get(
            f"/api/catalog/products?q={q}&{sort}",
            name="GET /api/catalog/products?q=",
            catch_response=True,
        ) as r:
            check(r, lambda b: all(isinstance(p.get("price", {}).get("amount"), int) for p in b.get("items", [])), "search")

    @task(4)
    def product(self):
        if not self.products:
            return self.browse()
        pid = random.choice(self.products)
        with self.client.get(f"/api/catalog/products/{pid}", name="GET /api/catalog/products/{id}", catch_response=True) as r:
            check(r, lambda b: b.get("id") == pid and b.get("price", {}).get("currency"), "product")

    @task(3)
    def add_to_cart(self):
        """Adds one unit of a product seen while browsing; True if it did."""
        if not self.products:
            self.browse()
            return False
        pid = random.choice(self.products)
        with self.client.post(
            "/api/orders/cart/items",
            json={"product_id": pid, "quantity": 1},
            headers=self.auth,
            name="POST /api/orders/cart/items",
            catch_response=True,
        ) as r:
            return check(r, lambda b: any(i["product_id"] == pid for i in b.get("items", [])), "add to cart") is not None

    @task(1)
    def checkout(self):
        if not self.add_to_cart():
            return
        with self.client.post(
            "/api/orders",
            json={"shipping_address": ADDRESS, "payment": {"card_number": "4242 4242 4242 4242"}},
            headers={**self.auth, "Idempotency-Key": str(uuid.uuid4())},
            name="POST /api/orders (checkout)",
            catch_response=True,
        ) as r:
            if r.status_code == 409:
                # Sold out under load is a correct answer, not a failure.
                check(r, lambda b: b.get("type") == "urn:feira:problem:out-of-stock", "checkout 409")
            else:
                check(r, lambda b: b.get("status") == "paid" and b["totals"]["total"] > 0, "checkout")

    @task(1)
    def order_history(self):
        with self.client.get("/api/orders?per_page=10", headers=self.auth, name="GET /api/orders", catch_response=True) as r:
            check(r, lambda b: isinstance(b.get("items"), list), "order history")
