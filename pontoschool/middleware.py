from django.shortcuts import render


class MetodoNaoPermitidoAmigavel:
    """405 em pt-BR para quem abre pelo navegador um endereço que só aceita POST.

    Acontece de verdade: a sessão expira, a pessoa envia um formulário, entra de novo e o
    `next` a traz por GET ao endereço da ação. Sem isto, ela vê uma página em branco. A API
    (/api/) segue com o 405 em JSON do DRF.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        resposta = self.get_response(request)
        if (
            resposta.status_code == 405
            and request.method == "GET"
            and not request.path.startswith("/api/")
            and not resposta.get("Content-Type", "").startswith("application/json")
        ):
            amigavel = render(request, "405.html", status=405)
            amigavel["Allow"] = resposta.get("Allow", "")
            return amigavel
        return resposta
