// "Copiar Código" / "Copiar link": usa a Clipboard API quando o contexto é seguro;
// sem ela (http num endereço da rede local), seleciona o texto e diz como copiar à mão.
(function () {
  "use strict";

  var temporizadores = new WeakMap();

  function avisar(seletor, texto) {
    var alvo = document.querySelector(seletor);
    if (!alvo) return;
    alvo.textContent = texto;
    clearTimeout(temporizadores.get(alvo));
    temporizadores.set(alvo, setTimeout(function () { alvo.textContent = ""; }, 4000));
  }

  function selecionar(elemento) {
    var intervalo = document.createRange();
    intervalo.selectNodeContents(elemento);
    var selecao = window.getSelection();
    selecao.removeAllRanges();
    selecao.addRange(intervalo);
  }

  function copiar(botao, texto, elementoParaSelecionar, sucesso, manual) {
    var feedback = botao.getAttribute("data-copiar-feedback");
    var podeCopiar = window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText;
    if (!podeCopiar) {
      if (elementoParaSelecionar) selecionar(elementoParaSelecionar);
      avisar(feedback, manual);
      return;
    }
    navigator.clipboard.writeText(texto).then(
      function () { avisar(feedback, sucesso); },
      function () {
        if (elementoParaSelecionar) selecionar(elementoParaSelecionar);
        avisar(feedback, manual);
      }
    );
  }

  document.querySelectorAll("[data-copiar]").forEach(function (botao) {
    var origem = document.querySelector(botao.getAttribute("data-copiar"));
    if (!origem) return;
    botao.hidden = false;
    botao.addEventListener("click", function () {
      copiar(botao, origem.textContent.trim(), origem, "Código copiado!",
        "Não foi possível copiar automaticamente. O código foi selecionado: use Ctrl+C (ou toque e segure) para copiar.");
    });
  });

  document.querySelectorAll("[data-copiar-texto]").forEach(function (botao) {
    var link = document.querySelector(".link-grupo");
    botao.hidden = false;
    botao.addEventListener("click", function () {
      copiar(botao, botao.getAttribute("data-copiar-texto"), link, "Link copiado!",
        "Não foi possível copiar automaticamente. O link foi selecionado: use Ctrl+C (ou toque e segure) para copiar.");
    });
  });
})();
