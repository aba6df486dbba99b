"""Modelos de grupo (semente 001): código único por escopo, gerado pelo módulo de códigos."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from contas.tests.factories import UsuarioFactory
from grupos import codigos, services
from grupos.erros import CodigoDeConviteIndisponivel, CodigoDeModeloEmUso, DadosInvalidos, SemPermissao
from grupos.models import Escopo, ModeloGrupo

pytestmark = pytest.mark.django_db

GLOBAL = re.compile(r"^G-[0-9a-z]{5}-[0-9a-z]+$")


def _modelo(usuario, **extra):
    dados = {"nome": "Cálculo I", "descricao": "", "privacidade": "publico", "max_membros": 30}
    dados.update(extra)
    return services.criar_modelo(usuario=usuario, **dados)


@pytest.fixture
def ana():
    return UsuarioFactory(email="Ana.Souza+grupos@Exemplo.com.br")


@pytest.fixture
def equipe():
    return UsuarioFactory(email="equipe@pontoschool.com.br", is_staff=True)


def test_modelo_de_usuario_sem_codigo_gera_no_formato_user(ana):
    modelo = _modelo(ana)
    assert re.fullmatch(r"U-anasouzagruposexemplocombr-[0-9a-z]{5}-[0-9a-z]+", modelo.codigo)
    assert len(modelo.codigo) <= 50
    assert (modelo.escopo, modelo.dono) == (Escopo.USER, ana)


def test_fragmento_longo_e_cortado_para_caber_em_50(ana):
    longo = UsuarioFactory(email=("x" * 60) + "@exemplo.com.br")
    modelo = _modelo(longo)
    assert len(modelo.codigo) == 50
    assert modelo.codigo.startswith("U-xxx")


def test_modelo_global_pela_equipe_gera_no_formato_global(equipe):
    modelo = _modelo(equipe, escopo=Escopo.GLOBAL)
    assert GLOBAL.match(modelo.codigo)
    assert modelo.dono is None


def test_quem_nao_e_equipe_nao_cria_global(ana):
    with pytest.raises(SemPermissao):
        _modelo(ana, escopo=Escopo.GLOBAL)
    assert not ModeloGrupo.objects.exists()


def test_codigo_manual_e_respeitado_e_auto_codigo_o_ignora(ana):
    assert _modelo(ana, codigo="calculo-noite").codigo == "calculo-noite"
    gerado = _modelo(ana, codigo="outro", gerar_codigo=True)
    assert gerado.codigo.startswith("U-")


@pytest.mark.parametrize("codigo", ["", "   ", None])
def test_codigo_vazio_gera_um(ana, codigo):
    assert _modelo(ana, codigo=codigo).codigo.startswith("U-")


def test_codigo_manual_repetido_no_mesmo_escopo_e_conflito(ana):
    _modelo(ana, codigo="meu-modelo")
    with pytest.raises(CodigoDeModeloEmUso) as erro:
        _modelo(ana, codigo="meu-modelo", nome="Outro")
    assert "meu-modelo" in erro.value.mensagem
    assert ModeloGrupo.objects.count() == 1


def test_mesmo_codigo_em_escopos_ou_donos_diferentes_e_permitido(ana, equipe):
    _modelo(ana, codigo="padrao")
    _modelo(UsuarioFactory(), codigo="padrao")
    _modelo(equipe, escopo=Escopo.GLOBAL, codigo="padrao")
    with pytest.raises(CodigoDeModeloEmUso):
        _modelo(equipe, escopo=Escopo.GLOBAL, codigo="padrao")
    assert ModeloGrupo.objects.filter(codigo="padrao").count() == 3


@pytest.mark.parametrize("codigo", ["tem espaço", "ação", "-comeca-com-hifen", "x" * 51])
def test_codigo_manual_fora_do_formato_e_recusado(ana, codigo):
    with pytest.raises(DadosInvalidos):
        _modelo(ana, codigo=codigo)


def test_colisao_gerada_sorteia_de_novo(ana, monkeypatch):
    _modelo(ana, codigo="U-fixo")
    sorteios = iter(["U-fixo", "U-fixo", "U-livre"])
    monkeypatch.setattr(codigos, "gerar_codigo_de_modelo", lambda **k: next(sorteios))
    assert _modelo(ana, nome="Novo").codigo == "U-livre"


def test_no_maximo_5_tentativas(ana, monkeypatch):
    _modelo(ana, codigo="U-fixo")
    chamadas = []

    def sempre_o_mesmo(**kwargs):
        chamadas.append(1)
        return "U-fixo"

    monkeypatch.setattr(codigos, "gerar_codigo_de_modelo", sempre_o_mesmo)
    with pytest.raises(CodigoDeConviteIndisponivel):
        _modelo(ana, nome="Novo")
    assert len(chamadas) == 5


def test_banco_recusa_global_com_dono_e_user_sem_dono(ana):
    for escopo, dono in ((Escopo.GLOBAL, ana), (Escopo.USER, None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            ModeloGrupo.objects.create(escopo=escopo, dono=dono, codigo="x", nome="x")


def test_banco_recusa_codigo_repetido_no_escopo(ana):
    ModeloGrupo.objects.create(escopo=Escopo.GLOBAL, codigo="g", nome="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModeloGrupo.objects.create(escopo=Escopo.GLOBAL, codigo="g", nome="b")
    ModeloGrupo.objects.create(escopo=Escopo.USER, dono=ana, codigo="u", nome="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModeloGrupo.objects.create(escopo=Escopo.USER, dono=ana, codigo="u", nome="b")


# --- páginas ----------------------------------------------------------------------------------


def test_pagina_lista_globais_e_os_meus_mas_nao_os_dos_outros(client, ana, equipe):
    _modelo(equipe, escopo=Escopo.GLOBAL, nome="ENEM (oficial)")
    _modelo(ana, nome="Meu modelo")
    _modelo(UsuarioFactory(), nome="Modelo alheio")
    client.force_login(ana)
    html = client.get(reverse("grupos:modelos")).content.decode()
    assert "ENEM (oficial)" in html and "Meu modelo" in html
    assert "Modelo alheio" not in html
    assert html.count("Criar grupo a partir deste modelo") == 2
    assert html.count(">Editar<") == 1


def test_criar_grupo_a_partir_de_modelo_preenche_o_formulario(client, ana):
    modelo = _modelo(ana, nome="Redação", descricao="Uma por semana", privacidade="privado", max_membros=12)
    client.force_login(ana)
    html = client.get(reverse("grupos:novo") + f"?modelo={modelo.pk}").content.decode()
    assert 'value="Redação"' in html
    assert "Uma por semana" in html
    assert 'value="12"' in html
    assert re.search(r'value="privado"[^>]*checked', html)


def test_modelo_de_outra_pessoa_nao_preenche_nada(client, ana):
    alheio = _modelo(UsuarioFactory(), nome="Segredo")
    client.force_login(ana)
    html = client.get(reverse("grupos:novo") + f"?modelo={alheio.pk}").content.decode()
    assert "Segredo" not in html
    assert 'value="50"' in html
    assert client.get(reverse("grupos:novo") + "?modelo=abc").status_code == 200


def test_criar_editar_e_excluir_meu_modelo_pelas_paginas(client, ana):
    client.force_login(ana)
    resposta = client.post(
        reverse("grupos:novo_modelo"),
        {"codigo": "", "nome": "Física", "privacidade": "publico", "max_membros": "20"},
    )
    assert resposta.status_code == 302
    modelo = ModeloGrupo.objects.get()
    assert modelo.codigo.startswith("U-")
    client.post(
        reverse("grupos:editar_modelo", args=[modelo.pk]),
        {"codigo": "fisica", "nome": "Física II", "privacidade": "privado", "max_membros": "25"},
    )
    modelo.refresh_from_db()
    assert (modelo.codigo, modelo.nome, modelo.privacidade, modelo.max_membros) == (
        "fisica",
        "Física II",
        "privado",
        25,
    )
    assert client.get(reverse("grupos:excluir_modelo", args=[modelo.pk])).status_code == 405
    client.post(reverse("grupos:excluir_modelo", args=[modelo.pk]))
    assert not ModeloGrupo.objects.exists()


def test_codigo_repetido_na_pagina_mostra_erro_no_campo(client, ana):
    _modelo(ana, codigo="igual")
    client.force_login(ana)
    resposta = client.post(
        reverse("grupos:novo_modelo"),
        {"codigo": "igual", "nome": "X", "privacidade": "publico", "max_membros": "10"},
    )
    assert resposta.status_code == 200
    assert "Já existe um modelo com o código “igual”" in resposta.content.decode()
    assert ModeloGrupo.objects.count() == 1


def test_nao_edito_nem_excluo_modelo_alheio_nem_global(client, ana, equipe):
    alheio = _modelo(UsuarioFactory(), nome="Alheio")
    oficial = _modelo(equipe, escopo=Escopo.GLOBAL, nome="Oficial")
    client.force_login(ana)
    for modelo in (alheio, oficial):
        assert client.get(reverse("grupos:editar_modelo", args=[modelo.pk])).status_code == 404
        assert client.post(reverse("grupos:excluir_modelo", args=[modelo.pk])).status_code == 404
    assert ModeloGrupo.objects.count() == 2


def test_equipe_cria_modelo_global_no_admin_com_codigo_gerado(client, equipe):
    equipe.is_superuser = True
    equipe.save()
    client.force_login(equipe)
    resposta = client.post(
        reverse("admin:grupos_modelogrupo_add"),
        {"codigo": "", "nome": "ENEM", "descricao": "", "privacidade": "publico", "max_membros": "40"},
    )
    assert resposta.status_code == 302, resposta.content.decode()[:1500]
    modelo = ModeloGrupo.objects.get()
    assert modelo.escopo == Escopo.GLOBAL and modelo.dono is None
    assert GLOBAL.match(modelo.codigo)
