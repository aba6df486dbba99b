"""Convites pela API: o lote por e-mail da semente 002 (POST /groups/{id}/members), os três
pedidos da semente 003 (convite por e-mail, link e aceite), recusar, "meus convites", e
cancelar/reenviar pelos administradores — com a dona, um membro, a convidada e alguém de fora,
e o banco conferido depois de cada passo."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contas.tests.factories import UsuarioFactory
from convites import services
from convites.models import Convite, StatusConvite, TipoConvite, UsoConvite
from convites.tokens import token_do_convite
from grupos.models import Bloqueio, Origem, Papel, Participacao, Privacidade
from grupos.tests.factories import GrupoFactory, ParticipacaoFactory
from notificacoes.models import Notificacao

pytestmark = pytest.mark.django_db

LINK_DE_CONVITE = re.compile(r"^(?P<base>.+)/convites/(?P<token>[A-Za-z0-9_-]+)/$")
CONVITE_INVALIDO = (
    "Este convite não é mais válido (pode ter expirado, sido cancelado ou já usado). "
    "Peça um novo convite a um administrador do grupo."
)


def _membros_url(grupo) -> str:
    return reverse("api:members", args=[grupo.uuid])


def _convites_url(grupo) -> str:
    return reverse("api:invites", args=[grupo.uuid])


def _gerenciar_url(acao: str, grupo, convite) -> str:
    return reverse(f"api:invite_{acao}", args=[grupo.uuid, convite.uuid])


def _responder_url(acao: str, convite) -> str:
    return reverse(f"api:invite_{acao}", args=[convite.uuid])


# --- pessoas e grupo ----------------------------------------------------------------------------


@pytest.fixture
def grupo(dona):
    return GrupoFactory(
        criador=dona,
        nome="Leitores do Escritório",
        descricao="Um livro por mês",
        privacidade=Privacidade.PRIVADO,
    )


@pytest.fixture
def membro(grupo):
    usuario = UsuarioFactory(nome="Bruno Membro", email="bruno@exemplo.com")
    ParticipacaoFactory(grupo=grupo, usuario=usuario, origem=Origem.SOLICITACAO)
    return usuario


@pytest.fixture
def convidada(db):
    return UsuarioFactory(nome="Bia Convidada", email="convidado@example.com")


@pytest.fixture
def convite_da_bia(grupo, dona, convidada):
    (convite,) = services.convidar_por_email(quem=dona, grupo=grupo, emails=[convidada.email]).convites
    return convite


@pytest.fixture
def link(grupo, dona):
    return services.criar_link_de_convite(
        admin=dona, grupo=grupo, papel=Papel.MEMBRO, validade_dias=7, max_usos=None
    )


def _convites_do_grupo(grupo):
    return Convite.objects.filter(grupo=grupo)


# --- semente 002: POST /groups/{groupId}/members -----------------------------------------------


def test_exemplo_da_semente_002_convida_os_tres_emails(grupo, dona, cliente_de):
    resposta = cliente_de(dona).post(
        _membros_url(grupo),
        {"emails": ["leitor1@exemplo.com", "leitor2@exemplo.com", "leitor3@exemplo.com"]},
        format="json",
    )

    assert resposta.status_code == 200, resposta.content
    corpo = resposta.json()
    assert set(corpo) == {"success", "message", "invited", "results"}
    assert corpo["success"] is True
    assert "Leitores do Escritório" in corpo["message"]
    assert corpo["invited"] == 3
    assert corpo["results"] == [
        {"email": "leitor1@exemplo.com", "status": "invited"},
        {"email": "leitor2@exemplo.com", "status": "invited"},
        {"email": "leitor3@exemplo.com", "status": "invited"},
    ]
    convites = _convites_do_grupo(grupo)
    assert sorted(c.email for c in convites) == [
        "leitor1@exemplo.com",
        "leitor2@exemplo.com",
        "leitor3@exemplo.com",
    ]
    assert {(c.tipo, c.status, c.papel, c.convidado_por_id) for c in convites} == {
        (TipoConvite.EMAIL, StatusConvite.PENDENTE, Papel.MEMBRO, dona.pk)
    }
    assert DBTaskResult.objects.filter(task_path="convites.tasks.enviar_emails_de_convites").exists()
    # Ninguém entra sem aceitar.
    assert Participacao.objects.filter(grupo=grupo).count() == 1


def test_lote_informa_a_situacao_de_cada_endereco(grupo, dona, membro, cliente_de):
    services.convidar_por_email(quem=dona, grupo=grupo, emails=["pendente@exemplo.com"])
    bloqueada = UsuarioFactory(email="bloqueada@exemplo.com")
    Bloqueio.objects.create(grupo=grupo, usuario=bloqueada, bloqueado_por=dona)

    resposta = cliente_de(dona).post(
        _membros_url(grupo),
        {
            "emails": [
                "Nova@Exemplo.com",
                "BRUNO@exemplo.com",
                "pendente@exemplo.com",
                "isto não é e-mail",
                "nova@exemplo.com",
                "bloqueada@exemplo.com",
            ]
        },
        format="json",
    )

    assert resposta.status_code == 200
    corpo = resposta.json()
    assert corpo["invited"] == 1
    assert [(r["email"], r["status"]) for r in corpo["results"]] == [
        ("nova@exemplo.com", "invited"),
        ("bruno@exemplo.com", "already_member"),
        ("pendente@exemplo.com", "already_invited"),
        ("isto não é e-mail", "invalid"),
        ("nova@exemplo.com", "duplicate"),
        ("bloqueada@exemplo.com", "not_allowed"),
    ]
    assert sorted(_convites_do_grupo(grupo).values_list("email", flat=True)) == [
        "nova@exemplo.com",
        "pendente@exemplo.com",
    ]


def test_lote_com_mais_de_50_emails_da_400_e_nada_e_criado(grupo, dona, cliente_de, confere_erro):
    emails = [f"pessoa{i}@exemplo.com" for i in range(51)]

    resposta = cliente_de(dona).post(_membros_url(grupo), {"emails": emails}, format="json")

    corpo = confere_erro(resposta, 400, "lista_invalida")
    assert "50" in corpo["detail"]
    assert Convite.objects.count() == 0


def test_lote_de_exatamente_50_emails_passa(dona, cliente_de):
    grande = GrupoFactory(criador=dona, max_membros=100)
    emails = [f"pessoa{i}@exemplo.com" for i in range(50)]

    resposta = cliente_de(dona).post(_membros_url(grande), {"emails": emails}, format="json")

    assert resposta.status_code == 200
    assert resposta.json()["invited"] == 50
    assert Convite.objects.filter(grupo=grande).count() == 50


def test_lote_que_passa_do_limite_de_membros_da_409_e_nada_e_criado(dona, cliente_de, confere_erro):
    pequeno = GrupoFactory(criador=dona, nome="Pequeno", max_membros=4)
    ParticipacaoFactory(grupo=pequeno)  # 2 membros: sobram 2 vagas

    resposta = cliente_de(dona).post(
        _membros_url(pequeno),
        {"emails": ["um@exemplo.com", "dois@exemplo.com", "tres@exemplo.com"]},
        format="json",
    )

    confere_erro(resposta, 409, "limite_de_membros", "Só é possível convidar mais 2 pessoas.")
    assert Convite.objects.filter(grupo=pequeno).count() == 0


def test_convites_pendentes_contam_no_limite(dona, cliente_de, confere_erro):
    pequeno = GrupoFactory(criador=dona, max_membros=3)
    services.convidar_por_email(quem=dona, grupo=pequeno, emails=["ja@exemplo.com"])

    resposta = cliente_de(dona).post(
        _membros_url(pequeno), {"emails": ["um@exemplo.com", "dois@exemplo.com"]}, format="json"
    )

    confere_erro(resposta, 409, "limite_de_membros", "Só é possível convidar mais 1 pessoa.")
    assert list(Convite.objects.filter(grupo=pequeno).values_list("email", flat=True)) == ["ja@exemplo.com"]


def test_lote_por_quem_nao_e_membro_da_404_e_nada_e_criado(grupo, estranho, cliente_de):
    resposta = cliente_de(estranho).post(_membros_url(grupo), {"emails": ["a@exemplo.com"]}, format="json")

    assert resposta.status_code == 404
    assert grupo.nome not in resposta.content.decode()
    assert Convite.objects.count() == 0


def test_lote_por_membro_quando_o_grupo_nao_permite_da_403(grupo, membro, cliente_de, confere_erro):
    resposta = cliente_de(membro).post(_membros_url(grupo), {"emails": ["a@exemplo.com"]}, format="json")

    confere_erro(resposta, 403, "sem_permissao", "Neste grupo, só administradores podem convidar.")
    assert Convite.objects.count() == 0


def test_lote_por_membro_quando_o_grupo_permite(grupo, dona, membro, cliente_de, confere_erro):
    services.alterar_membros_podem_convidar(admin=dona, grupo=grupo, permitir=True)
    cliente = cliente_de(membro)

    resposta = cliente.post(_membros_url(grupo), {"emails": ["a@exemplo.com"]}, format="json")

    assert resposta.status_code == 200
    assert Convite.objects.get(grupo=grupo, email="a@exemplo.com").convidado_por == membro
    recusado = cliente.post(
        _membros_url(grupo), {"emails": ["b@exemplo.com"], "role": "admin"}, format="json"
    )
    confere_erro(recusado, 403, "sem_permissao", "Só administradores podem convidar administradores.")
    assert not Convite.objects.filter(email="b@exemplo.com").exists()


@pytest.mark.parametrize(
    ("corpo", "campo"),
    [
        ({}, "emails"),
        ({"emails": []}, "emails"),
        ({"emails": "a@exemplo.com"}, "emails"),
        ({"emails": [{"email": "a@exemplo.com"}]}, "emails"),
        ({"emails": ["a@exemplo.com"], "role": "dono"}, "role"),
    ],
)
def test_lote_com_corpo_invalido_da_400(grupo, dona, cliente_de, confere_validacao, corpo, campo):
    confere_validacao(cliente_de(dona).post(_membros_url(grupo), corpo, format="json"), campo)
    assert Convite.objects.count() == 0


def test_lote_so_com_enderecos_em_branco_da_400(grupo, dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(_membros_url(grupo), {"emails": ["", "  "]}, format="json")

    confere_erro(resposta, 400, "lista_invalida", "Informe pelo menos um e-mail.")
    assert Convite.objects.count() == 0


ENDERECO_LONGO = "a" * 250 + "@exemplo.com"  # válido para o validate_email, maior que a coluna (254)


def test_lote_com_endereco_longo_demais_para_a_coluna_nao_quebra_nem_grava(grupo, dona, cliente_de):
    resposta = cliente_de(dona).post(
        _membros_url(grupo), {"emails": [ENDERECO_LONGO, "ok@exemplo.com"]}, format="json"
    )

    assert resposta.status_code in (200, 400), resposta.status_code
    assert not Convite.objects.filter(email=ENDERECO_LONGO).exists()
    if resposta.status_code == 200:
        assert {r["email"]: r["status"] for r in resposta.json()["results"]}[ENDERECO_LONGO] == "invalid"


def test_convite_para_endereco_longo_demais_para_a_coluna_da_400(grupo, dona, cliente_de):
    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "email", "email": ENDERECO_LONGO}, format="json"
    )

    assert resposta.status_code == 400, resposta.status_code
    assert not Convite.objects.exists()


# --- semente 003: POST /groups/{groupId}/invites ------------------------------------------------


def test_exemplo_da_semente_003_convite_por_email(grupo, dona, cliente_de, site_url):
    resposta = cliente_de(dona).post(
        _convites_url(grupo),
        {"invite_type": "email", "email": "convidado@example.com", "role": "member"},
        format="json",
    )

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    assert set(corpo) == {
        "id",
        "group",
        "invite_type",
        "email",
        "role",
        "status",
        "expires_at",
        "created_at",
        "invited_by",
        "invite_link",
        "uses",
        "max_uses",
        "email_sent_at",
        "email_error",
    }
    assert (corpo["status"], corpo["invite_type"], corpo["email"], corpo["role"]) == (
        "pending",
        "email",
        "convidado@example.com",
        "member",
    )
    assert corpo["group"] == {"id": str(grupo.uuid), "name": "Leitores do Escritório"}
    assert corpo["invited_by"] == "Ana Dona"
    convite = Convite.objects.get(uuid=corpo["id"])
    assert (convite.grupo, convite.tipo, convite.email, convite.papel, convite.status) == (
        grupo,
        TipoConvite.EMAIL,
        "convidado@example.com",
        Papel.MEMBRO,
        StatusConvite.PENDENTE,
    )
    assert convite.expira_em > timezone.now() + timedelta(days=6)
    assert corpo["invite_link"] == f"{site_url}/convites/{token_do_convite(convite)}/"


def test_exemplo_da_semente_003_link_de_convite(grupo, dona, cliente_de, site_url):
    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "link", "role": "member"}, format="json"
    )

    assert resposta.status_code == 201, resposta.content
    corpo = resposta.json()
    assert (corpo["status"], corpo["invite_type"], corpo["email"], corpo["role"]) == (
        "pending",
        "link",
        "",
        "member",
    )
    achado = LINK_DE_CONVITE.match(corpo["invite_link"])
    assert achado, corpo["invite_link"]
    assert achado["base"] == site_url
    convite = Convite.objects.get(uuid=corpo["id"])
    assert convite.tipo == TipoConvite.LINK
    assert achado["token"] == token_do_convite(convite)
    assert reverse("convites:convite", args=[achado["token"]]) == f"/convites/{achado['token']}/"


def test_link_com_validade_e_usos(grupo, dona, cliente_de):
    resposta = cliente_de(dona).post(
        _convites_url(grupo),
        {"invite_type": "link", "role": "admin", "expires_in_days": None, "max_uses": 20},
        format="json",
    )

    assert resposta.status_code == 201
    assert (resposta.json()["expires_at"], resposta.json()["max_uses"], resposta.json()["role"]) == (
        None,
        20,
        "admin",
    )
    convite = Convite.objects.get(uuid=resposta.json()["id"])
    assert (convite.expira_em, convite.max_usos, convite.papel) == (None, 20, Papel.ADMINISTRADOR)


def test_fe02_email_com_convite_pendente_da_409(grupo, dona, convite_da_bia, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "email", "email": "CONVIDADO@example.com"}, format="json"
    )

    confere_erro(resposta, 409, "convite_pendente")
    assert Convite.objects.filter(grupo=grupo).count() == 1


def test_fe02_email_de_quem_ja_e_membro_da_409(grupo, dona, membro, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "email", "email": membro.email}, format="json"
    )

    confere_erro(resposta, 409, "ja_membro")
    assert not Convite.objects.exists()


def test_convite_para_email_invalido_da_400(grupo, dona, cliente_de, confere_erro):
    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "email", "email": "sem-arroba"}, format="json"
    )

    confere_erro(resposta, 400, "email_invalido", "E-mail inválido.")
    assert not Convite.objects.exists()


@pytest.mark.parametrize(
    ("corpo", "campo"),
    [
        ({}, "invite_type"),
        ({"invite_type": "sms", "email": "a@exemplo.com"}, "invite_type"),
        ({"invite_type": "email"}, "email"),
        ({"invite_type": "email", "email": "   "}, "email"),
        ({"invite_type": "email", "email": "a@exemplo.com", "role": "owner"}, "role"),
        ({"invite_type": "link", "expires_in_days": 3}, "expires_in_days"),
        ({"invite_type": "link", "max_uses": 0}, "max_uses"),
        ({"invite_type": "link", "max_uses": 1001}, "max_uses"),
    ],
)
def test_convite_com_corpo_invalido_da_400(grupo, dona, cliente_de, confere_validacao, corpo, campo):
    confere_validacao(cliente_de(dona).post(_convites_url(grupo), corpo, format="json"), campo)
    assert not Convite.objects.exists()


def test_convite_por_email_sem_email_explica_em_portugues(grupo, dona, cliente_de, confere_validacao):
    corpo = confere_validacao(
        cliente_de(dona).post(_convites_url(grupo), {"invite_type": "email"}, format="json"), "email"
    )

    assert corpo["detail"] == "Informe o e-mail para um convite por e-mail."


def test_convite_por_quem_e_de_fora_da_404(grupo, estranho, cliente_de):
    for corpo in ({"invite_type": "link"}, {"invite_type": "email", "email": "a@exemplo.com"}):
        resposta = cliente_de(estranho).post(_convites_url(grupo), corpo, format="json")
        assert resposta.status_code == 404
    assert not Convite.objects.exists()


def test_membro_nao_cria_link_nem_quando_pode_convidar_por_email(
    grupo, dona, membro, cliente_de, confere_erro
):
    cliente = cliente_de(membro)
    confere_erro(
        cliente.post(_convites_url(grupo), {"invite_type": "link"}, format="json"), 403, "sem_permissao"
    )
    confere_erro(
        cliente.post(_convites_url(grupo), {"invite_type": "email", "email": "a@exemplo.com"}, format="json"),
        403,
        "sem_permissao",
    )
    assert not Convite.objects.exists()

    services.alterar_membros_podem_convidar(admin=dona, grupo=grupo, permitir=True)

    confere_erro(
        cliente.post(_convites_url(grupo), {"invite_type": "link"}, format="json"), 403, "sem_permissao"
    )
    por_email = cliente.post(
        _convites_url(grupo), {"invite_type": "email", "email": "a@exemplo.com"}, format="json"
    )
    assert por_email.status_code == 201
    assert por_email.json()["invite_link"] is None  # o link fica com os administradores
    assert list(Convite.objects.values_list("tipo", flat=True)) == [TipoConvite.EMAIL]


def test_convite_para_pessoa_bloqueada_da_409(grupo, dona, cliente_de, confere_erro):
    bloqueada = UsuarioFactory(email="bloqueada@exemplo.com")
    Bloqueio.objects.create(grupo=grupo, usuario=bloqueada, bloqueado_por=dona)

    resposta = cliente_de(dona).post(
        _convites_url(grupo), {"invite_type": "email", "email": bloqueada.email}, format="json"
    )

    confere_erro(resposta, 409, "nao_pode_ser_convidado")
    assert not Convite.objects.exists()


def test_convite_para_grupo_cheio_da_409(dona, cliente_de, confere_erro):
    cheio = GrupoFactory(criador=dona, max_membros=2)
    ParticipacaoFactory(grupo=cheio)

    resposta = cliente_de(dona).post(
        _convites_url(cheio), {"invite_type": "email", "email": "a@exemplo.com"}, format="json"
    )

    confere_erro(resposta, 409, "limite_de_membros")
    assert not Convite.objects.exists()


# --- GET /groups/{id}/invites -------------------------------------------------------------------


def test_dona_lista_os_pendentes_e_os_links_ativos(grupo, dona, convite_da_bia, link, cliente_de, site_url):
    cancelado = services.criar_link_de_convite(
        admin=dona, grupo=grupo, papel=Papel.MEMBRO, validade_dias=7, max_usos=None
    )
    services.cancelar_convite(admin=dona, grupo=grupo, convite_uuid=cancelado.uuid)

    resposta = cliente_de(dona).get(_convites_url(grupo))

    assert resposta.status_code == 200
    por_id = {c["id"]: c for c in resposta.json()}
    assert set(por_id) == {str(convite_da_bia.uuid), str(link.uuid)}
    assert por_id[str(link.uuid)]["invite_link"] == f"{site_url}/convites/{token_do_convite(link)}/"
    assert por_id[str(convite_da_bia.uuid)]["email"] == "convidado@example.com"


def test_lista_de_convites_membro_403_e_de_fora_404(
    grupo, membro, estranho, convite_da_bia, cliente_de, confere_erro
):
    confere_erro(cliente_de(membro).get(_convites_url(grupo)), 403, "sem_permissao")
    resposta = cliente_de(estranho).get(_convites_url(grupo))
    assert resposta.status_code == 404
    assert "convidado@example.com" not in resposta.content.decode()


# --- PUT /invites/{inviteId}/accept e /reject ---------------------------------------------------


def test_exemplo_da_semente_003_aceitar_pelo_id(grupo, dona, convidada, convite_da_bia, cliente_de):
    resposta = cliente_de(convidada).put(_responder_url("accept", convite_da_bia), format="json")

    assert resposta.status_code == 200, resposta.content
    assert resposta.json() == {
        "status": "joined",
        "requires_approval": False,
        "group": {
            "id": str(grupo.uuid),
            "name": "Leitores do Escritório",
            "description": "Um livro por mês",
            "privacy": "private",
            "member_count": 2,
        },
        "pending_request_id": None,
    }
    participacao = Participacao.objects.get(grupo=grupo, usuario=convidada)
    assert (participacao.origem, participacao.papel, participacao.aprovado_por) == (
        Origem.CONVITE,
        Papel.MEMBRO,
        dona,
    )
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.ACEITO
    assert UsoConvite.objects.filter(convite=convite_da_bia, usuario=convidada).exists()
    assert Notificacao.objects.filter(destinatario=dona, tipo="convite_aceito").exists()
    membros = cliente_de(dona).get(reverse("api:group", args=[grupo.uuid])).json()["members"]
    assert {m["user"]["id"]: m["origin"] for m in membros}[convidada.pk] == "invite"


def test_aceitar_convite_de_administrador_entra_como_administrador(grupo, dona, convidada, cliente_de):
    criado = cliente_de(dona).post(
        _convites_url(grupo),
        {"invite_type": "email", "email": convidada.email, "role": "admin"},
        format="json",
    )
    convite = Convite.objects.get(uuid=criado.json()["id"])

    resposta = cliente_de(convidada).put(_responder_url("accept", convite), format="json")

    assert resposta.status_code == 200
    assert Participacao.objects.get(grupo=grupo, usuario=convidada).papel == Papel.ADMINISTRADOR


def test_aceitar_link_exige_o_token(grupo, link, estranho, cliente_de, confere_erro):
    cliente = cliente_de(estranho)

    sem_token = cliente.put(_responder_url("accept", link), format="json")

    confere_erro(sem_token, 404, "convite_invalido", CONVITE_INVALIDO)
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    com_token = cliente.put(_responder_url("accept", link), {"token": token_do_convite(link)}, format="json")

    assert com_token.status_code == 200, com_token.content
    assert com_token.json()["status"] == "joined"
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho, origem=Origem.CONVITE).exists()
    link.refresh_from_db()
    assert link.usos == 1
    assert link.status == StatusConvite.PENDENTE  # um link serve a várias pessoas

    de_novo = cliente.put(_responder_url("accept", link), {"token": token_do_convite(link)}, format="json")
    assert de_novo.json()["status"] == "already_member"
    link.refresh_from_db()
    assert link.usos == 1


def test_aceitar_com_o_link_criado_pela_api(grupo, dona, estranho, cliente_de):
    corpo = (
        cliente_de(dona)
        .post(_convites_url(grupo), {"invite_type": "link", "role": "member"}, format="json")
        .json()
    )
    token = LINK_DE_CONVITE.match(corpo["invite_link"])["token"]

    resposta = cliente_de(estranho).put(
        reverse("api:invite_accept", args=[corpo["id"]]), {"token": token}, format="json"
    )

    assert resposta.status_code == 200
    assert Participacao.objects.filter(grupo=grupo, usuario=estranho, origem=Origem.CONVITE).exists()


def test_link_vencido_ou_sem_usos_sobrando_da_404(grupo, dona, estranho, cliente_de, confere_erro):
    unico = services.criar_link_de_convite(
        admin=dona, grupo=grupo, papel=Papel.MEMBRO, validade_dias=1, max_usos=1
    )
    token = token_do_convite(unico)
    primeira = UsuarioFactory()
    assert (
        cliente_de(primeira).put(_responder_url("accept", unico), {"token": token}, format="json").status_code
        == 200
    )

    esgotado = cliente_de(estranho).put(_responder_url("accept", unico), {"token": token}, format="json")

    confere_erro(esgotado, 404, "convite_invalido", CONVITE_INVALIDO)
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()

    outro = services.criar_link_de_convite(
        admin=dona, grupo=grupo, papel=Papel.MEMBRO, validade_dias=1, max_usos=None
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        vencido = cliente_de(estranho).put(
            _responder_url("accept", outro), {"token": token_do_convite(outro)}, format="json"
        )
    confere_erro(vencido, 404, "convite_invalido")
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


def test_token_de_um_convite_com_o_id_de_outro_da_404(
    grupo, link, convite_da_bia, convidada, cliente_de, confere_erro
):
    resposta = cliente_de(convidada).put(
        _responder_url("accept", convite_da_bia), {"token": token_do_convite(link)}, format="json"
    )

    confere_erro(resposta, 404, "convite_invalido")
    assert not Participacao.objects.filter(grupo=grupo, usuario=convidada).exists()


def test_outra_conta_aceitando_convite_por_email_da_403(
    grupo, convite_da_bia, estranho, cliente_de, confere_erro
):
    resposta = cliente_de(estranho).put(
        _responder_url("accept", convite_da_bia), {"token": token_do_convite(convite_da_bia)}, format="json"
    )

    confere_erro(resposta, 403, "convite_de_outra_pessoa")
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.PENDENTE


def test_outra_conta_so_com_o_id_nao_acha_o_convite(grupo, convite_da_bia, estranho, cliente_de):
    for acao in ("accept", "reject"):
        resposta = cliente_de(estranho).put(_responder_url(acao, convite_da_bia), format="json")
        assert resposta.status_code in (403, 404)
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.PENDENTE


def test_convite_vencido_da_404_convite_invalido(grupo, convite_da_bia, convidada, cliente_de, confere_erro):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        resposta = cliente_de(convidada).put(_responder_url("accept", convite_da_bia), format="json")

    confere_erro(resposta, 404, "convite_invalido", CONVITE_INVALIDO)
    assert not Participacao.objects.filter(grupo=grupo, usuario=convidada).exists()


def test_convite_cancelado_da_404_convite_invalido(
    grupo, dona, convite_da_bia, convidada, cliente_de, confere_erro
):
    services.cancelar_convite(admin=dona, grupo=grupo, convite_uuid=convite_da_bia.uuid)

    for acao in ("accept", "reject"):
        confere_erro(
            cliente_de(convidada).put(_responder_url(acao, convite_da_bia), format="json"),
            404,
            "convite_invalido",
        )
    assert not Participacao.objects.filter(grupo=grupo, usuario=convidada).exists()


def test_convite_inexistente_da_404(convidada, cliente_de, confere_erro):
    resposta = cliente_de(convidada).put(
        reverse("api:invite_accept", args=["00000000-0000-4000-8000-000000000009"]), format="json"
    )

    confere_erro(resposta, 404, "convite_invalido")


def test_aceitar_com_token_longo_demais_e_erro_de_validacao(
    convite_da_bia, convidada, cliente_de, confere_validacao
):
    resposta = cliente_de(convidada).put(
        _responder_url("accept", convite_da_bia), {"token": "x" * 129}, format="json"
    )

    confere_validacao(resposta, "token")
    assert not Participacao.objects.filter(usuario=convidada).exists()


def test_aceitar_convite_de_grupo_cheio_da_409(dona, convidada, cliente_de, confere_erro):
    cheio = GrupoFactory(criador=dona, max_membros=2)
    (convite,) = services.convidar_por_email(quem=dona, grupo=cheio, emails=[convidada.email]).convites
    ParticipacaoFactory(grupo=cheio)

    confere_erro(
        cliente_de(convidada).put(_responder_url("accept", convite), format="json"), 409, "grupo_cheio"
    )

    convite.refresh_from_db()
    assert convite.status == StatusConvite.PENDENTE
    assert not Participacao.objects.filter(grupo=cheio, usuario=convidada).exists()


def test_recusar_marca_o_convite_como_recusado(grupo, dona, convite_da_bia, convidada, cliente_de):
    resposta = cliente_de(convidada).put(_responder_url("reject", convite_da_bia), format="json")

    assert resposta.status_code == 200
    assert resposta.json()["status"] == "rejected"
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.RECUSADO
    assert not Participacao.objects.filter(grupo=grupo, usuario=convidada).exists()
    assert Notificacao.objects.filter(destinatario=dona, tipo="convite_recusado").exists()
    depois = cliente_de(convidada).put(_responder_url("accept", convite_da_bia), format="json")
    assert depois.status_code == 404


def test_outra_conta_recusando_com_o_token_da_403(grupo, convite_da_bia, estranho, cliente_de, confere_erro):
    resposta = cliente_de(estranho).put(
        _responder_url("reject", convite_da_bia), {"token": token_do_convite(convite_da_bia)}, format="json"
    )

    confere_erro(resposta, 403, "convite_de_outra_pessoa")
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.PENDENTE


# --- GET /invites/me ----------------------------------------------------------------------------


def test_meus_convites_lista_so_os_meus_pendentes(grupo, dona, convidada, convite_da_bia, cliente_de):
    outro_grupo = GrupoFactory(criador=dona, nome="Outro grupo")
    (recusado,) = services.convidar_por_email(quem=dona, grupo=outro_grupo, emails=[convidada.email]).convites
    services.recusar_convite(usuario=convidada, convite_uuid=recusado.uuid)
    terceiro = GrupoFactory(criador=dona, nome="Terceiro")
    (de_outra,) = services.convidar_por_email(
        quem=dona, grupo=terceiro, emails=["outra@exemplo.com"]
    ).convites
    services.criar_link_de_convite(
        admin=dona, grupo=grupo, papel=Papel.MEMBRO, validade_dias=7, max_usos=None
    )

    resposta = cliente_de(convidada).get(reverse("api:my_invites"))

    assert resposta.status_code == 200
    (item,) = resposta.json()
    assert item["id"] == str(convite_da_bia.uuid)
    assert (item["status"], item["invite_type"], item["group"]["name"], item["invited_by"]) == (
        "pending",
        "email",
        "Leitores do Escritório",
        "Ana Dona",
    )
    assert item["invite_link"] is None
    assert cliente_de(UsuarioFactory(email="outra@exemplo.com")).get(reverse("api:my_invites")).json()[0][
        "id"
    ] == str(de_outra.uuid)


def test_meus_convites_nao_mostra_os_vencidos(convite_da_bia, convidada, cliente_de):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        resposta = cliente_de(convidada).get(reverse("api:my_invites"))

    assert resposta.status_code == 200
    assert resposta.json() == []


def test_meus_convites_de_quem_nao_tem_nenhum_e_vazio(estranho, convite_da_bia, cliente_de):
    assert cliente_de(estranho).get(reverse("api:my_invites")).json() == []


# --- cancelar e reenviar (administradores) ------------------------------------------------------


def test_cancelar_convite_invalida_o_token(grupo, dona, convidada, convite_da_bia, cliente_de, confere_erro):
    token = token_do_convite(convite_da_bia)

    resposta = cliente_de(dona).post(_gerenciar_url("cancel", grupo, convite_da_bia), format="json")

    assert resposta.status_code == 200
    assert resposta.json()["status"] == "cancelled"
    convite_da_bia.refresh_from_db()
    assert convite_da_bia.status == StatusConvite.CANCELADO
    confere_erro(
        cliente_de(convidada).put(_responder_url("accept", convite_da_bia), {"token": token}, format="json"),
        404,
        "convite_invalido",
    )
    assert (
        cliente_de(dona).post(_gerenciar_url("cancel", grupo, convite_da_bia), format="json").status_code
        == 404
    )


def test_cancelar_link(grupo, dona, link, estranho, cliente_de, confere_erro):
    token = token_do_convite(link)

    assert cliente_de(dona).post(_gerenciar_url("cancel", grupo, link), format="json").status_code == 200

    link.refresh_from_db()
    assert link.status == StatusConvite.CANCELADO
    confere_erro(
        cliente_de(estranho).put(_responder_url("accept", link), {"token": token}, format="json"),
        404,
        "convite_invalido",
    )
    assert not Participacao.objects.filter(grupo=grupo, usuario=estranho).exists()


def test_reenviar_troca_o_token_e_o_link_antigo_para_de_valer(
    grupo, dona, convidada, convite_da_bia, cliente_de, site_url, confere_erro
):
    antigo = token_do_convite(convite_da_bia)

    resposta = cliente_de(dona).post(_gerenciar_url("resend", grupo, convite_da_bia), format="json")

    assert resposta.status_code == 200, resposta.content
    convite_da_bia.refresh_from_db()
    novo = token_do_convite(convite_da_bia)
    assert novo != antigo
    assert resposta.json()["invite_link"] == f"{site_url}/convites/{novo}/"
    assert resposta.json()["status"] == "pending"
    assert convite_da_bia.reenviado_em is not None
    cliente = cliente_de(convidada)
    confere_erro(
        cliente.put(_responder_url("accept", convite_da_bia), {"token": antigo}, format="json"),
        404,
        "convite_invalido",
    )
    assert not Participacao.objects.filter(grupo=grupo, usuario=convidada).exists()
    aceito = cliente.put(_responder_url("accept", convite_da_bia), {"token": novo}, format="json")
    assert aceito.status_code == 200
    assert Participacao.objects.filter(grupo=grupo, usuario=convidada, origem=Origem.CONVITE).exists()


def test_reenviar_link_da_400(grupo, dona, link, cliente_de, confere_erro):
    token = token_do_convite(link)

    confere_erro(
        cliente_de(dona).post(_gerenciar_url("resend", grupo, link), format="json"), 400, "dados_invalidos"
    )

    link.refresh_from_db()
    assert token_do_convite(link) == token


@pytest.mark.parametrize("acao", ["cancel", "resend"])
def test_gerenciar_convite_membro_403_e_de_fora_404_sem_mudar_nada(
    grupo, membro, estranho, convite_da_bia, cliente_de, confere_erro, acao
):
    antes = (convite_da_bia.status, convite_da_bia.token_hash)

    confere_erro(
        cliente_de(membro).post(_gerenciar_url(acao, grupo, convite_da_bia), format="json"),
        403,
        "sem_permissao",
    )
    assert (
        cliente_de(estranho).post(_gerenciar_url(acao, grupo, convite_da_bia), format="json").status_code
        == 404
    )

    convite_da_bia.refresh_from_db()
    assert (convite_da_bia.status, convite_da_bia.token_hash) == antes


@pytest.mark.parametrize("acao", ["cancel", "resend"])
def test_convite_de_outro_grupo_pela_url_do_meu_da_404_sem_mudar_nada(
    grupo, dona, cliente_de, confere_erro, acao
):
    alheio_grupo = GrupoFactory()
    (alheio,) = services.convidar_por_email(
        quem=alheio_grupo.criador, grupo=alheio_grupo, emails=["x@exemplo.com"]
    ).convites
    antes = (alheio.status, alheio.token_hash)

    confere_erro(
        cliente_de(dona).post(_gerenciar_url(acao, grupo, alheio), format="json"),
        404,
        "convite_nao_encontrado",
    )

    alheio.refresh_from_db()
    assert (alheio.status, alheio.token_hash) == antes
