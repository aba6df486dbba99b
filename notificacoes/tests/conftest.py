import pytest

SITE_URL_DE_TESTE = "https://exemplo.pontoschool.com.br"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL_DE_TESTE
    return SITE_URL_DE_TESTE
