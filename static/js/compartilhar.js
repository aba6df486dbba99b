// "Compartilhar Grupo": a folha de compartilhamento do sistema (Web Share API) quando existe;
// senão o menu <details> com WhatsApp, E-mail e "Copiar link" — que também funciona sem JS.
(function () {
  "use strict";

  document.querySelectorAll("[data-compartilhar]").forEach(function (detalhes) {
    if (typeof navigator.share !== "function") return;
    var resumo = detalhes.querySelector("summary");
    resumo.addEventListener("click", function (evento) {
      if (detalhes.open) return;
      evento.preventDefault();
      navigator.share({
        title: detalhes.getAttribute("data-compartilhar-titulo"),
        text: detalhes.getAttribute("data-compartilhar-texto"),
        url: detalhes.getAttribute("data-compartilhar-link")
      }).catch(function (erro) {
        // Cancelar a folha não é erro; qualquer outra falha abre o menu de opções.
        if (!erro || erro.name !== "AbortError") detalhes.open = true;
      });
    });
  });
})();
