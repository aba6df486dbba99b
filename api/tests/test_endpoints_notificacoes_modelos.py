"""Notificações (listar paginado, contar não lidas, ler uma, ler todas) e modelos de grupo da
semente 001 (listar GLOBAL + os meus, criar com código gerado ou informado, único por escopo,
ver, editar e excluir os meus) pela API, conferindo o banco depois de cada passo."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contas.tests.factories import UsuarioFactory
from grupos.codigos import fragmento_de_usuario
from grupos.models import Escopo, ModeloGrupo, Privacidade
from notificacoes.models import Notificacao
from notificacoes.tests.factories import NotificacaoFactory

pytestmark = pytest.mark.django_db

NOTIFICACOES = reverse("api:notifications")
NAO_LIDAS = reverse("api:unread_count")
LER_TODAS = reverse("api:read_all")
MODELOS = reverse("api:templates")

CODIGO_USER = re.compile(r"^U-(?P<fragmento>[a-z0-9-]+)-(?P<aleatorio>[0-9a-z]{5})-(?P<carimbo>[0-9a-z]+)$")
CODIGO_GLOBAL = re.compile(r"^G-[0-9a-z]{5}-[0-9a-z]+$")


def _ler_url(notificacao) -> str:
    return reverse("api:read", args=[notificacao.pk])


def _modelo_url(modelo) -> str:
    return reverse("api:template", args=[modelo.pk])


# --- notificações -----------------------------------------------------------------------------


@pytest.fixture
def minhas(dona):
    """Três notificações da dona, criadas em momentos diferentes (a do meio já lida)."""
    inicio = timezone.now() - timedelta(hours=3)
    criadas = []
    for horas, texto in enumerate(["Primeira", "Segunda", "Terceira"]):
        with time_machine.travel(inicio + timedelta(hours=horas), tick=False):
            criadas.append(NotificacaoFactory(destinatario=dona, texto=texto, link="/grupos/"))
    criadas[1].lida_em = timezone.now()
    criadas[1].save(update_fields=["lida_em"])
    return criadas


def test_lista_de_notificacoes_paginada_mais_recentes_primeiro_so_as_minhas(
    dona, estranho, minhas, cliente_de
):
    NotificacaoFactory(destinatario=estranho, texto="De outra pessoa")

    resposta = cliente_de(dona).get(NOTIFICACOES)

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert set(corpo) == {"count", "next", "previous", "results"}
    assert (corpo["count"], corpo["next"], corpo["previous"]) == (3, None, None)
    assert [n["text"] for n in corpo["results"]] == ["Terceira", "Segunda", "Primeira"]
    primeira = corpo["results"][0]
    assert set(primeira) == {"id", "type", "text", "link", "created_at", "read_at"}
    assert (primeira["id"], primeira["type"], primeira["link"], primeira["read_at"]) == (
        minhas[2].pk,
        "aviso",
        "/grupos/",
        None,
    )
    assert corpo["results"][1]["read_at"] is not None


def test_lista_de_notificacoes_tem_50_por_pagina(dona, cliente_de):
    NotificacaoFactory.create_batch(51, destinatario=dona)
    cliente = cliente_de(dona)

    pagina1 = cliente.get(NOTIFICACOES).json()
    pagina2 = cliente.get(NOTIFICACOES, {"page": 2}).json()

    assert (pagina1["count"], len(pagina1["results"])) == (51, 50)
    assert pagina1["next"] is not None and "page=2" in pagina1["next"]
    assert len(pagina2["results"]) == 1
    assert pagina2["next"] is None
    todas = {n["id"] for n in pagina1["results"]} | {n["id"] for n in pagina2["results"]}
    assert todas == set(Notificacao.objects.filter(destinatario=dona).values_list("pk", flat=True))


def test_pagina_que_nao_existe_da_404(dona, minhas, cliente_de, confere_erro):
    resposta = cliente_de(dona).get(NOTIFICACOES, {"page": 9})

    confere_erro(resposta, 404, "nao_encontrado")


def test_lista_vazia(estranho, minhas, cliente_de):
    assert cliente_de(estranho).get(NOTIFICACOES).json()["results"] == []


def test_contagem_de_nao_lidas_so_conta_as_minhas(dona, estranho, minhas, cliente_de):
    NotificacaoFactory(destinatario=estranho)

    resposta = cliente_de(dona).get(NAO_LIDAS)

    assert resposta.status_code == 200
    assert resposta.json() == {"unread": 2}


def test_ler_uma_notificacao(dona, minhas, cliente_de):
    resposta = cliente_de(dona).post(_ler_url(minhas[0]), format="json")

    assert resposta.status_code == 200
    assert resposta.json()["id"] == minhas[0].pk
    assert resposta.json()["read_at"] is not None
    minhas[0].refresh_from_db()
    assert minhas[0].lida_em is not None
    minhas[2].refresh_from_db()
    assert minhas[2].lida_em is None
    assert cliente_de(dona).get(NAO_LIDAS).json() == {"unread": 1}


def test_ler_de_novo_nao_muda_a_hora_da_leitura(dona, minhas, cliente_de):
    lida_em = minhas[1].lida_em

    resposta = cliente_de(dona).post(_ler_url(minhas[1]), format="json")

    assert resposta.status_code == 200
    minhas[1].refresh_from_db()
    assert minhas[1].lida_em == lida_em


def test_ler_a_notificacao_de_outra_pessoa_da_404_e_nada_muda(dona, estranho, cliente_de, confere_erro):
    alheia = NotificacaoFactory(destinatario=estranho)

    resposta = cliente_de(dona).post(_ler_url(alheia), format="json")

    confere_erro(resposta, 404, resposta.json()["code"], "Notificação não encontrada.")
    alheia.refresh_from_db()
    assert alheia.lida_em is None
    assert alheia.texto not in resposta.content.decode()


def test_notificacao_nao_encontrada_nao_usa_um_codigo_de_convite(dona, estranho, cliente_de):
    """docs/api.md: 404 → `nao_encontrado`; "convite_nao_encontrado" é de convites."""
    alheia = NotificacaoFactory(destinatario=estranho)

    resposta = cliente_de(dona).post(_ler_url(alheia), format="json")

    assert resposta.status_code == 404
    assert resposta.json()["code"] == "nao_encontrado"


def test_ler_todas_marca_so_as_minhas(dona, estranho, minhas, cliente_de):
    alheia = NotificacaoFactory(destinatario=estranho)

    resposta = cliente_de(dona).post(LER_TODAS, format="json")

    assert resposta.status_code == 200
    assert resposta.json() == {"marked": 2}
    assert not Notificacao.objects.filter(destinatario=dona, lida_em__isnull=True).exists()
    alheia.refresh_from_db()
    assert alheia.lida_em is None
    assert cliente_de(dona).post(LER_TODAS, format="json").json() == {"marked": 0}


def test_notificacoes_so_aceitam_os_metodos_certos(dona, minhas, cliente_de, confere_erro):
    cliente = cliente_de(dona)
    confere_erro(cliente.post(NOTIFICACOES, {}, format="json"), 405, "metodo_nao_permitido")
    confere_erro(cliente.get(LER_TODAS), 405, "metodo_nao_permitido")
    confere_erro(cliente.get(_ler_url(minhas[0])), 405, "metodo_nao_permitido")
    assert Notificacao.objects.filter(destinatario=dona, lida_em__isnull=True).count() == 2


# --- modelos de grupo (semente 001) --------------------------------------------------------------


@pytest.fixture
def equipe(db):
    return UsuarioFactory(nome="Equipe Ponto", email="equipe@pontoschool.com.br", is_staff=True)


@pytest.fixture
def global_(db):
    return ModeloGrupo.objects.create(
        escopo=Escopo.GLOBAL, codigo="G-enem-1", nome="Preparação ENEM", max_membros=100
    )


@pytest.fixture
def meu(dona):
    return ModeloGrupo.objects.create(
        escopo=Escopo.USER, dono=dona, codigo="calculo", nome="Cálculo", descricao="Limites", max_membros=20
    )


@pytest.fixture
def alheio(estranho):
    return ModeloGrupo.objects.create(escopo=Escopo.USER, dono=estranho, codigo="calculo", nome="Alheio")


def test_listar_modelos_traz_os_globais_e_os_meus_e_nao_os_de_outros(dona, global_, meu, alheio, cliente_de):
    resposta = cliente_de(dona).get(MODELOS)

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert {m["id"] for m in corpo} == {global_.pk, meu.pk}
    por_id = {m["id"]: m for m in corpo}
    assert por_id[meu.pk] == {
        "id": meu.pk,
        "scope": "USER",
        "code": "calculo",
        "name": "Cálculo",
        "description": "Limites",
        "privacy": "public",
        "max_members": 20,
        "owner_id": dona.pk,
    }
    assert (por_id[global_.pk]["scope"], por_id[global_.pk]["owner_id"]) == ("GLOBAL", None)


def test_criar_modelo_sem_codigo_gera_um_codigo_user(dona, cliente_de):
    resposta = cliente_de(dona).post(
        MODELOS, {"name": "Física", "privacy": "private", "max_members": 12}, format="json"
    )

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    achado = CODIGO_USER.match(corpo["code"])
    assert achado, corpo["code"]
    assert "anaexemplocom".startswith(achado["fragmento"])
    assert (corpo["scope"], corpo["owner_id"], corpo["privacy"], corpo["max_members"]) == (
        "USER",
        dona.pk,
        "private",
        12,
    )
    modelo = ModeloGrupo.objects.get(pk=corpo["id"])
    assert (modelo.escopo, modelo.dono, modelo.codigo, modelo.nome, modelo.privacidade) == (
        Escopo.USER,
        dona,
        corpo["code"],
        "Física",
        Privacidade.PRIVADO,
    )


@pytest.mark.parametrize("codigo", [None, "", "   "])
def test_codigo_nulo_ou_em_branco_tambem_e_gerado(dona, cliente_de, codigo):
    resposta = cliente_de(dona).post(MODELOS, {"name": "Física", "code": codigo}, format="json")

    assert resposta.status_code == 201, resposta.content
    assert CODIGO_USER.match(resposta.json()["code"])


def test_codigo_user_com_email_longo_e_estranho_fica_no_formato_e_em_50_caracteres(cliente_de):
    pessoa = UsuarioFactory(email="Maria.José_Silva+Estudos2024" + "x" * 40 + "@Exemplo.COM.br")

    resposta = cliente_de(pessoa).post(MODELOS, {"name": "Química"}, format="json")

    assert resposta.status_code == 201, resposta.content
    codigo = resposta.json()["code"]
    assert len(codigo) <= 50
    achado = CODIGO_USER.match(codigo)
    assert achado, codigo
    assert re.fullmatch(r"[a-z0-9-]+", achado["fragmento"])
    assert fragmento_de_usuario(pessoa.email).startswith(achado["fragmento"])
    assert achado["fragmento"].startswith("mariajos")
    assert ModeloGrupo.objects.get(pk=resposta.json()["id"]).codigo == codigo


def test_equipe_cria_modelo_global_com_codigo_g(equipe, cliente_de):
    resposta = cliente_de(equipe).post(MODELOS, {"scope": "GLOBAL", "name": "Vestibular"}, format="json")

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    assert CODIGO_GLOBAL.match(corpo["code"]), corpo["code"]
    assert (corpo["scope"], corpo["owner_id"]) == ("GLOBAL", None)
    modelo = ModeloGrupo.objects.get(pk=corpo["id"])
    assert (modelo.escopo, modelo.dono, modelo.codigo) == (Escopo.GLOBAL, None, corpo["code"])


def test_quem_nao_e_da_equipe_nao_cria_global(dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(MODELOS, {"scope": "GLOBAL", "name": "Vestibular"}, format="json")

    confere_erro(resposta, 403, "sem_permissao", "Só a equipe da Ponto.School cria modelos globais.")
    assert not ModeloGrupo.objects.exists()


def test_autocode_ignora_o_codigo_informado(dona, cliente_de):
    resposta = cliente_de(dona).post(
        MODELOS, {"name": "Física", "code": "meu-codigo", "autoCode": True}, format="json"
    )

    assert resposta.status_code == 201
    assert resposta.json()["code"] != "meu-codigo"
    assert CODIGO_USER.match(resposta.json()["code"])
    assert not ModeloGrupo.objects.filter(codigo="meu-codigo").exists()


def test_codigo_informado_e_guardado_como_veio(dona, cliente_de):
    resposta = cliente_de(dona).post(MODELOS, {"name": "Física", "code": "Fisica-1.a"}, format="json")

    assert resposta.status_code == 201
    assert resposta.json()["code"] == "Fisica-1.a"
    assert ModeloGrupo.objects.filter(dono=dona, codigo="Fisica-1.a").exists()


def test_codigo_ja_usado_no_meu_escopo_da_409(dona, meu, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(MODELOS, {"name": "Outro", "code": "calculo"}, format="json")

    corpo = confere_erro(resposta, 409, "codigo_em_uso")
    assert "calculo" in corpo["detail"]
    assert ModeloGrupo.objects.filter(dono=dona).count() == 1


def test_codigo_global_ja_usado_da_409(equipe, global_, cliente_de, confere_erro):
    resposta = cliente_de(equipe).post(
        MODELOS, {"scope": "GLOBAL", "name": "Outro", "code": "G-enem-1"}, format="json"
    )

    confere_erro(resposta, 409, "codigo_em_uso")
    assert ModeloGrupo.objects.filter(escopo=Escopo.GLOBAL).count() == 1


def test_o_mesmo_codigo_no_escopo_de_outra_pessoa_ou_no_global_pode(dona, global_, alheio, cliente_de):
    cliente = cliente_de(dona)

    igual_ao_alheio = cliente.post(MODELOS, {"name": "Meu cálculo", "code": "calculo"}, format="json")
    igual_ao_global = cliente.post(MODELOS, {"name": "Meu ENEM", "code": "G-enem-1"}, format="json")

    assert igual_ao_alheio.status_code == 201, igual_ao_alheio.content
    assert igual_ao_global.status_code == 201, igual_ao_global.content
    assert ModeloGrupo.objects.filter(codigo="calculo").count() == 2
    assert ModeloGrupo.objects.filter(codigo="G-enem-1").count() == 2


@pytest.mark.parametrize(
    ("corpo", "campo"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "Ok", "scope": "TEAM"}, "scope"),
        ({"name": "Ok", "code": "x" * 51}, "code"),
        ({"name": "Ok", "privacy": "secreto"}, "privacy"),
        ({"name": "Ok", "max_members": 1}, "max_members"),
        ({"name": "Ok", "autoCode": "talvez"}, "autoCode"),
    ],
)
def test_criar_modelo_com_dados_invalidos_da_400(dona, cliente_de, confere_validacao, corpo, campo):
    confere_validacao(cliente_de(dona).post(MODELOS, corpo, format="json"), campo)
    assert not ModeloGrupo.objects.exists()


def test_codigo_com_caracteres_proibidos_da_400(dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(MODELOS, {"name": "Ok", "code": "com espaço"}, format="json")

    confere_erro(
        resposta,
        400,
        "dados_invalidos",
        "O código do modelo só pode ter letras, números, ponto, hífen e sublinhado.",
    )
    assert not ModeloGrupo.objects.exists()


def test_ver_o_meu_modelo_e_um_global(dona, meu, global_, cliente_de):
    cliente = cliente_de(dona)

    assert cliente.get(_modelo_url(meu)).json()["code"] == "calculo"
    assert cliente.get(_modelo_url(global_)).json()["scope"] == "GLOBAL"


def test_modelo_de_outra_pessoa_da_404_em_ver_editar_e_excluir(dona, alheio, cliente_de, confere_erro):
    cliente = cliente_de(dona)

    for resposta in (
        cliente.get(_modelo_url(alheio)),
        cliente.put(_modelo_url(alheio), {"name": "Tomado", "code": "meu"}, format="json"),
        cliente.delete(_modelo_url(alheio)),
    ):
        assert resposta.status_code == 404
        assert set(resposta.json()) == {"detail", "code"}
        assert "Alheio" not in resposta.content.decode()

    alheio.refresh_from_db()
    assert (alheio.nome, alheio.codigo) == ("Alheio", "calculo")


def test_modelo_inexistente_da_404(dona, cliente_de):
    assert cliente_de(dona).get(reverse("api:template", args=[999999])).status_code == 404


def test_editar_o_meu_modelo(dona, meu, cliente_de):
    resposta = cliente_de(dona).put(
        _modelo_url(meu),
        {
            "name": "Cálculo II",
            "description": "Integrais",
            "privacy": "private",
            "max_members": 30,
            "code": "calc-2",
        },
        format="json",
    )

    assert resposta.status_code == 200, resposta.content
    assert resposta.json()["code"] == "calc-2"
    meu.refresh_from_db()
    assert (meu.nome, meu.descricao, meu.privacidade, meu.max_membros, meu.codigo) == (
        "Cálculo II",
        "Integrais",
        Privacidade.PRIVADO,
        30,
        "calc-2",
    )


def test_editar_sem_codigo_mantem_o_codigo(dona, meu, cliente_de):
    resposta = cliente_de(dona).put(_modelo_url(meu), {"name": "Cálculo I"}, format="json")

    assert resposta.status_code == 200
    meu.refresh_from_db()
    assert (meu.nome, meu.codigo) == ("Cálculo I", "calculo")


def test_editar_para_um_codigo_que_ja_tenho_da_409(dona, meu, cliente_de, confere_erro):
    outro = ModeloGrupo.objects.create(escopo=Escopo.USER, dono=dona, codigo="fisica", nome="Física")

    resposta = cliente_de(dona).put(_modelo_url(outro), {"name": "Física", "code": "calculo"}, format="json")

    confere_erro(resposta, 409, "codigo_em_uso")
    outro.refresh_from_db()
    assert outro.codigo == "fisica"


def test_editar_com_dados_invalidos_da_400(dona, meu, cliente_de, confere_validacao):
    confere_validacao(cliente_de(dona).put(_modelo_url(meu), {"name": ""}, format="json"), "name")
    meu.refresh_from_db()
    assert meu.nome == "Cálculo"


def test_global_nao_se_edita_nem_se_exclui_pela_api(dona, equipe, global_, cliente_de):
    for pessoa in (dona, equipe):
        cliente = cliente_de(pessoa)
        assert cliente.put(_modelo_url(global_), {"name": "Trocado"}, format="json").status_code == 404
        assert cliente.delete(_modelo_url(global_)).status_code == 404
    global_.refresh_from_db()
    assert global_.nome == "Preparação ENEM"


def test_excluir_o_meu_modelo(dona, meu, cliente_de):
    resposta = cliente_de(dona).delete(_modelo_url(meu))

    assert resposta.status_code == 204
    assert not ModeloGrupo.objects.filter(pk=meu.pk).exists()
    assert cliente_de(dona).get(_modelo_url(meu)).status_code == 404
