// Botões "Copiar …": usam a Clipboard API quando o contexto é seguro; sem ela (http num
// endereço da rede local), selecionam o texto e dizem como copiar à mão.
// <button data-copiar="#alvo" data-copiar-feedback="#aviso" data-copiar-sucesso="…" data-copiar-manual="…">
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

  document.querySelectorAll("[data-copiar]").forEach(function (botao) {
    var origem = document.querySelector(botao.getAttribute("data-copiar"));
    if (!origem) return;
    var feedback = botao.getAttribute("data-copiar-feedback");
    var sucesso = botao.getAttribute("data-copiar-sucesso") || "Copiado!";
    var manual = botao.getAttribute("data-copiar-manual") ||
      "Não foi possível copiar automaticamente. O texto foi selecionado: use Ctrl+C (ou toque e segure) para copiar.";
    botao.hidden = false;
    botao.addEventListener("click", function () {
      var texto = origem.textContent.trim();
      var podeCopiar = window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText;
      function copiarAMao() {
        selecionar(origem);
        avisar(feedback, manual);
      }
      if (!podeCopiar) {
        copiarAMao();
        return;
      }
      navigator.clipboard.writeText(texto).then(function () { avisar(feedback, sucesso); }, copiarAMao);
    });
  });
})();
