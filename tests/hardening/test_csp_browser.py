"""In Chromium: the strict Content-Security-Policy blocks nothing the storefront needs."""

import pytest

from tests.factories import sellable_product

PAGES = ["/", "/catalogue/", "/search/?q=ch%C3%A8", "/basket/", "/dang-nhap/", "/live/"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_storefront_pages_run_without_policy_violations(live_server, page):
    product = sellable_product(title="Chè Shan Tuyết Tân Lập 200g")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    for path in [*PAGES, product.get_absolute_url()]:
        response = page.goto(live_server.url + path)
        assert response.status < 500, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    assert not violations, "\n".join(violations)
