import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grupos import codigos
from grupos.codigos import (
    ALFABETO,
    COMPRIMENTO,
    CodigoIndisponivel,
    Tentativas,
    gerar_codigo_unico_grupo,
    gerar_string_aleatoria,
    normalizar_codigo,
)

codigos_validos = st.text(alphabet=ALFABETO, min_size=COMPRIMENTO, max_size=COMPRIMENTO)


def test_alfabeto_e_o_da_especificacao():
    assert ALFABETO == "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    assert len(ALFABETO) == 32
    assert not set("IO01") & set(ALFABETO)
    assert COMPRIMENTO == 7


def test_string_aleatoria_tem_comprimento_e_caracteres_pedidos():
    for _ in range(2000):
        s = gerar_string_aleatoria(COMPRIMENTO, ALFABETO)
        assert len(s) == COMPRIMENTO
        assert set(s) <= set(ALFABETO)
        assert s == s.upper()


def test_todos_os_caracteres_do_alfabeto_aparecem():
    vistos = set()
    for _ in range(500):
        vistos |= set(gerar_string_aleatoria(COMPRIMENTO, ALFABETO))
    assert vistos == set(ALFABETO)


def test_string_aleatoria_usa_secrets(monkeypatch):
    chamadas = []

    def escolha(seq):
        chamadas.append(seq)
        return seq[0]

    monkeypatch.setattr(codigos.secrets, "choice", escolha)
    assert gerar_string_aleatoria(3, "XYZ") == "XXX"
    assert chamadas == ["XYZ"] * 3


@pytest.mark.parametrize("comprimento,caracteres", [(0, "AB"), (-1, "AB"), (3, "")])
def test_string_aleatoria_recusa_parametros_sem_sentido(comprimento, caracteres):
    with pytest.raises(ValueError):
        gerar_string_aleatoria(comprimento, caracteres)


@pytest.mark.parametrize(
    "digitado,esperado",
    [
        ("abcd234", "ABCD234"),
        ("  ABCD234  ", "ABCD234"),
        ("abc d234", "ABCD234"),
        ("abc-d234", "ABCD234"),
        ("a-b-c d 2 3 4", "ABCD234"),
        ("\tabcd234\n", "ABCD234"),
        ("AbCd234", "ABCD234"),
    ],
)
def test_normalizacao_aceita_o_que_uma_pessoa_digitaria(digitado, esperado):
    assert normalizar_codigo(digitado) == esperado


@pytest.mark.parametrize(
    "digitado",
    [
        "",
        None,
        "   ",
        "ABCD23",  # 6 caracteres
        "ABCD2345",  # 8 caracteres
        "ABCDO23",  # O
        "ABCD023",  # zero
        "ABCDI23",  # I
        "ABCD123",  # um
        "abcdo23",
        "ABCD23ſ",  # "ſ".upper() == "S": não pode virar código
        "ıBCD234",  # "ı".upper() == "I"
        "ÁBCD234",
        "ABCD_34",
        "ABCD.34",
        "ＡBCD234",  # A de largura total
    ],
)
def test_normalizacao_recusa_o_que_nao_e_codigo(digitado):
    assert normalizar_codigo(digitado) is None


@given(codigos_validos)
def test_normalizar_e_idempotente_e_preserva_codigos_validos(codigo):
    assert normalizar_codigo(codigo) == codigo
    assert normalizar_codigo(normalizar_codigo(codigo)) == codigo
    assert normalizar_codigo(codigo.lower()) == codigo


@given(st.text(max_size=12))
def test_normalizar_aceita_exatamente_o_conjunto_valido(texto):
    resultado = normalizar_codigo(texto)
    limpo = (
        texto.strip().replace(" ", "").replace("-", "").replace("\t", "").replace("\n", "").replace("\r", "")
    )
    limpo = limpo.replace("\u00a0", "")
    deveria_aceitar = (
        texto.isascii() and len(limpo) == COMPRIMENTO and all(c in ALFABETO for c in limpo.upper())
    )
    if deveria_aceitar:
        assert resultado == limpo.upper()
    else:
        assert resultado is None
    if resultado is not None:
        assert normalizar_codigo(resultado) == resultado
        assert all(c in ALFABETO for c in resultado)


@given(st.text(alphabet=string.printable, max_size=20))
def test_resultado_da_normalizacao_sempre_passa_no_check_do_banco(texto):
    resultado = normalizar_codigo(texto)
    assert resultado is None or (len(resultado) == 7 and set(resultado) <= set(ALFABETO))


def test_laco_pula_codigos_tomados(settings):
    settings.CODIGO_CONVITE_ALFABETO = "AB"
    settings.CODIGO_CONVITE_COMPRIMENTO = 2
    tomados = {"AA", "AB", "BA"}
    consultados = []

    def existe(codigo):
        consultados.append(codigo)
        return codigo in tomados

    for _ in range(30):
        assert gerar_codigo_unico_grupo(existe=existe, tentativas=Tentativas(200)) == "BB"
    assert set(consultados) == {"AA", "AB", "BA", "BB"}


def test_com_todos_os_codigos_tomados_levanta_erro_especifico_sem_travar(settings):
    settings.CODIGO_CONVITE_ALFABETO = "AB"
    settings.CODIGO_CONVITE_COMPRIMENTO = 2
    chamadas = []

    def existe(codigo):
        chamadas.append(codigo)
        return True

    with pytest.raises(CodigoIndisponivel) as erro:
        gerar_codigo_unico_grupo(existe=existe, tentativas=Tentativas(15))
    assert erro.value.tentativas == 15
    assert len(chamadas) == 15


def test_limite_de_tentativas_vem_das_settings(settings):
    settings.CODIGO_CONVITE_MAX_TENTATIVAS = 4
    chamadas = []

    def existe(codigo):
        chamadas.append(codigo)
        return True

    with pytest.raises(CodigoIndisponivel):
        gerar_codigo_unico_grupo(existe=existe)
    assert len(chamadas) == 4
