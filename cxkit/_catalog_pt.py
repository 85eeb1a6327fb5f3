"""Brazilian Portuguese texts of the metric catalog (``cxkit.catalog``): title, definition, formula, unit and
source of every entry, by name (names of works and of software stay as published; the words around them are
Portuguese)."""

from __future__ import annotations

_ROCKS_PT = "Rocks (2016), *The American Statistician* 70(4):365–372; pacote de R NPS"
_CHARTMOGUL_PT = "Ajuda do ChartMogul: taxa de cancelamento de clientes (fórmula padrão), perda de MRR"
_USUAL = "Relatórios habituais de uma central de suporte"

# name -> (title, definition, formula, unit, source)
PORTUGUESE: dict[str, tuple[str, str, str, str, str]] = {
    "nps": (
        "Net Promoter Score (NPS)",
        "Quantos clientes a mais recomendam você do que falam mal de você. O intervalo é o de Wald ajustado: somam-se "
        "0,75 detrator, 1,5 neutro e 0,75 promotor antes de calculá-lo.",
        "100 × (promotores − detratores) ÷ respostas; promotores 9–10, neutros 7–8, detratores 0–6",
        "pontos, −100..100", _ROCKS_PT),
    "compare_nps": (
        "Variação do NPS entre dois períodos",
        "Se a variação é maior do que o acaso sozinho explicaria (respondentes diferentes). O mesmo teste compara um "
        "segmento com o restante (diferenças de NPS por segmento).",
        "d = NPS₂ − NPS₁; EP = √(V₁/n₁ + V₂/n₂), V = p_P + p_D − (p_P − p_D)², com p_P a parcela de promotores e p_D "
        "a de detratores; p = 2·Φ(−|d/EP|); Wald ajustado por padrão (como o NPS): parcelas, d e EP com 0,75 "
        "detrator, 1,5 neutro e 0,75 promotor somados a cada período; a variação mostrada é a simples",
        "pontos; p-valor 0..1", _ROCKS_PT + "; MeasuringU, teste de significância do NPS"),
    "definitions": (
        "Satisfeito, insatisfeito, promotor, neutro, detrator: uma só definição",
        "Todos os números do cxkit que precisam destes rótulos (CSAT, NPS e seus testes, diferenças de NPS por "
        "segmento, termos por satisfação ou por grupo NPS, cancelamentos pela última nota, composição de canais) "
        "usam as mesmas expressões (em cxkit.expr), tenha o arquivo uma coluna derivada ou só a nota, então tirar a "
        "coluna derivada nunca muda um resultado. Um 3 de 5 conta como insatisfeito, não fica de fora.",
        "satisfeito = nota máxima (top box): «Good», ou 4–5 de 5, 6–7 de 7, 9–10 de 10 (escala pela maior nota); "
        "insatisfeito = avaliado e não satisfeito («Bad», ou 1–3 de 5); promotor 9–10, neutro 7–8, detrator 0–6 "
        "da nota 0–10, ou o grupo exportado quando não há nota; NaN = sem resposta",
        "rótulos por resposta",
        "CSAT por nota máxima (Zendesk: boas ÷ (boas + ruins); Delighted: quatros e cincos); Reichheld (2003), "
        "grupos do NPS"),
    "csat": (
        "Satisfação do cliente (CSAT)",
        "Parcela das avaliações que são satisfeitas. Pesquisas não avaliadas ou apenas oferecidas não entram no "
        "denominador.",
        "satisfeitas ÷ avaliadas; satisfeita = «Good» ou 4–5 de 5; intervalo de Wilson",
        "fração 0..1 (mostrada como %)",
        "Zendesk: índice de satisfação = boas ÷ (boas + ruins); Delighted: CSAT = quatros e cincos ÷ respostas"),
    "nev": (
        "Valor emocional líquido",
        "Quanto as emoções positivas pesam mais que as negativas. Não existe uma definição pública precisa; esta é "
        "a do cxkit, por resposta.",
        "100 × (positivas − negativas) ÷ (positivas + neutras + negativas)",
        "pontos, −100..100",
        "Shaw, *The DNA of Customer Experience* (2007), conforme resumido por fontes secundárias"),
    "churn_rate": (
        "Taxa de cancelamento de clientes",
        "Clientes que entram e saem dentro do mesmo período não contam.",
        "clientes ativos no início que saíram durante o período ÷ clientes ativos no início",
        "fração 0..1 por período", _CHARTMOGUL_PT),
    "lost_per_acquired": (
        "Razão perdidos ÷ conquistados",
        "O que alguns guias chamam de 'churn'. Não é uma taxa: passa de 1 (100%) sempre que você perde mais clientes "
        "do que conquista.",
        "clientes perdidos ÷ clientes conquistados no período",
        "razão ≥ 0 (pode passar de 1)",
        "Fórmula de blogs; veja a referência de definições de métricas"),
    "gross_mrr_churn": (
        "Perda bruta e líquida de MRR",
        "Receita recorrente perdida no período; a líquida desconta o que os clientes existentes acrescentaram.",
        "bruta = (cancelamentos + reduções) ÷ MRR inicial; líquida = (cancelamentos + reduções − expansões − "
        "reativações) ÷ MRR inicial",
        "fração do MRR inicial", _CHARTMOGUL_PT),
    "cohort_retention": (
        "Retenção por coortes",
        "Uma coorte é o período em que o cliente chegou pela primeira vez.",
        "clientes de uma coorte ainda ativos k períodos depois do início dela ÷ tamanho da coorte",
        "fração 0..1", "Stripe: coortes de assinantes e retenção por coorte"),
    "survival": (
        "Retenção por tempo como cliente (Kaplan–Meier)",
        "A parcela de clientes que continua com você t meses depois da entrada. Os clientes ainda ativos contam até "
        "o seu tempo atual como cliente e nunca como perdidos (censura).",
        "S(t) = produto, para os tempos tᵢ ≤ t, de (1 − cancelamentosᵢ ÷ em riscoᵢ); faixa de confiança log-log",
        "fração 0..1 por meses como cliente",
        "Kaplan e Meier (1958); scipy.stats.ecdf com CensoredData"),
    "churn_share": (
        "Clientes perdidos e receita em risco",
        "Uma foto do momento para listas de clientes com indicador de cancelamento e sem datas; cancelamentos por "
        "mês precisam de datas.",
        "clientes que saíram ÷ clientes; receita em risco = mensalidades de quem saiu",
        "fração 0..1; moeda",
        "Cancelamentos numa foto do momento, como os CRMs e as ferramentas de cobrança exportam"),
    "service_level": (
        "Nível de serviço telefônico, abandono e tempo de atendimento",
        "A parcela de chamadas atendidas dentro da meta. O modo de contar as abandonadas muda o número, por isso a "
        "regra é sempre informada: sem contá-las, como falhas, sem as curtas, e outras.",
        "atendidas em Y s ÷ chamadas, com as abandonadas pela regra escolhida; taxa de abandono = abandonadas ÷ "
        "(atendidas + abandonadas); TMA = (conversa + espera + trabalho pós-chamada) ÷ atendidas",
        "fração 0..1; segundos",
        "ICMI, cálculos de nível de serviço; opções de abandono do Cisco ICM; Call Centre Helper (TMA)"),
    "backlog": (
        "Volume de tickets e pendentes",
        "Se a equipe está dando conta do que chega.",
        "criados e resolvidos por período; pendentes = tickets criados e ainda não resolvidos no fim do período",
        "tickets", _USUAL),
    "first_response": (
        "Primeira resposta e descumprimentos do SLA",
        "Quanto os clientes esperam pela primeira resposta humana e quantas vezes ela passou da meta.",
        "mediana / média / p90 dos minutos até a primeira resposta; taxa de descumprimento = respondidos depois da "
        "meta ÷ respondidos",
        "minutos; taxa 0..1",
        "Relatórios de SLA do Zendesk: descumpridos ÷ (cumpridos + descumpridos)"),
    "resolution": (
        "Tempo de resolução e reaberturas",
        "Quanto tempo leva para resolver uma solicitação e quantas vezes ela volta.",
        "mediana / média / p90 dos minutos até a resolução; taxa de reabertura = reabertos ÷ resolvidos",
        "minutos; taxa 0..1", _USUAL),
    "aht": (
        "Tempo médio de atendimento",
        "Tempo que os atendentes realmente dedicam a cada contato.",
        "(conversa + espera + trabalho pós-chamada) ÷ interações atendidas",
        "minutos", "Call Centre Helper; Genesys"),
    "fcr": (
        "Resolução no primeiro contato",
        "Com que frequência o problema do cliente é resolvido na primeira vez.",
        "um só toque: resolvidos com uma resposta do atendente e sem reabertura ÷ resolvidos; sem repetição: "
        "resolvidos sem um ticket novo do cliente em N dias ÷ resolvidos",
        "fração 0..1",
        "ASQ; WFM Labs, que cita o ICMI e a SQM; Freshservice (tickets resolvidos como denominador)"),
    "repeat_contacts": (
        "Contatos repetidos",
        "Clientes que precisam voltar; 'mesmo tipo' mostra a mesma reclamação de novo.",
        "tickets de um cliente que já tinha entrado em contato nos N dias anteriores ÷ tickets",
        "fração 0..1", "Medição operacional de contatos repetidos (SQM)"),
    "channel_mix": (
        "Composição de canais",
        "Por onde os clientes falam com você e quão bem cada canal os atende.",
        "tickets por canal ÷ todos os tickets, com a primeira resposta, a resolução no primeiro contato e o CSAT de "
        "cada canal",
        "parcela 0..1", _USUAL),
    "type_drift": (
        "Mudança nos tipos de ticket",
        "Que tipos de solicitação são novos, somem, sobem ou caem, e se a mudança é mais que acaso.",
        "teste χ² de homogeneidade (sem correção de continuidade), V de Cramér = √(χ²/N), distância de "
        "Jensen–Shannon (base 2), PSI com +0,5 por contagem; por tipo: teste z de duas proporções, "
        "Benjamini–Hochberg",
        "parcelas 0..1; pontos; p-valores",
        "`scipy.stats.chi2_contingency`; métodos de drift do Evidently; Siddiqi (PSI)"),
    "agent_sales": (
        "Vendas dos atendentes",
        "O que a equipe vende enquanto atende.",
        "pedidos e receita de upsell, venda cruzada e reversão por atendente",
        "pedidos; moeda", "Pedidos com um atendente e um tipo de venda"),
    "discount_codes": (
        "Códigos de desconto",
        "O que cada código traz e quanto custa.",
        "pedidos, receita e desconto por código; receita líquida = receita − desconto",
        "pedidos; moeda", "Pedidos com um código de desconto"),
    "attributed_revenue": (
        "Receita depois de um contato",
        "Associação, não prova de causa: quais canais e atendentes são seguidos de vendas.",
        "pedidos feitos nos N dias seguintes ao último contato do cliente, por canal ou atendente",
        "moeda; taxa 0..1", "Atribuição ao último contato"),
    "erlang_c": (
        "Atendentes necessários (Erlang C)",
        "O menor número de atendentes ao telefone para atender a parcela-meta de chamadas dentro dos segundos da "
        "meta, por dia da semana e hora, supondo que ninguém desiste.",
        "A = chamadas × duração ÷ intervalo; C = n·B(n, A) ÷ (n − A(1 − B)), com B pela recorrência de Erlang B; "
        "nível de serviço = 1 − C·e^(−(n − A)·t ÷ duração); tempo médio de espera = C·duração ÷ (n − A); "
        "ocupação = A ÷ n",
        "atendentes; fração 0..1; segundos",
        "Erlang (1917); engenharia de tráfego UIT-T E.500; Call Centre Helper, fórmula de Erlang C"),
    "erlang_a": (
        "Atendentes necessários com chamadas abandonadas (Erlang A)",
        "Como o Erlang C, mas quem liga desiste depois de uma paciência exponencial estimada a partir das chamadas "
        "abandonadas; o nível de serviço conta cada abandono como falha. Se as chamadas abandonadas não trazem a "
        "espera, a paciência não pode ser estimada: o plano usa Erlang C e diz por quê, a menos que uma paciência "
        "seja informada.",
        "M/M/n+M: A(x, y) = 1 + Σ y^j ÷ Π(x + k), x = nμ/θ, y = λ/θ; P(esperar) = A·B ÷ (1 + (A − 1)B); "
        "P(desistir) = P(esperar)·(1 − (x/y)(A − 1)/A); paciência média = 1 ÷ θ̂, θ̂ = abandonadas ÷ Σ esperas de "
        "abandonadas e atendidas (máxima verossimilhança: a espera de uma abandonada é um evento, a de uma atendida "
        "é censurada; uma espera que falta conta como a média conhecida do seu resultado)",
        "atendentes; fração 0..1; segundos",
        "Palm (1943); Mandelbaum e Zeltyn (2005), *The Palm/Erlang-A queue, with applications to call centers*"),
    "staffing_cost": (
        "Custo mensal do dimensionamento",
        "Quanto custa o plano de dimensionamento somando pausas, treinamento e ausências (tempo indisponível).",
        "horas escaladas = Σ atendentes nas horas da semana ÷ (1 − tempo indisponível); equivalentes em tempo "
        "integral = horas escaladas ÷ horas por atendente por semana; custo = equivalentes em tempo integral × custo "
        "mensal de um atendente",
        "horas; equivalentes em tempo integral; moeda por mês",
        "ICMI / Call Centre Helper: tempo indisponível (shrinkage) e equipe em equivalentes de tempo integral"),
    "growth_accounting": (
        "Contabilidade do crescimento e quick ratio",
        "De onde vêm os clientes de cada mês (novos, que voltaram) e quantos saem. Acima de 1 a base de clientes "
        "cresce. A partir de assinaturas (status no início e no fim do mês) ou de pedidos (ativo = pagou um pedido no "
        "mês).",
        "clientes no fim = no início + novos + recuperados − perdidos; retidos = no início − perdidos; quick ratio = "
        "(novos + recuperados) ÷ perdidos (vazio se nenhum foi perdido); quick ratio de MRR = (novos + expansões + "
        "reativações) ÷ (cancelamentos + reduções)",
        "clientes; razão ≥ 0; moeda",
        "Jonathan Hsu (Social Capital), *Diligence at Social Capital*: contabilidade do crescimento; Mamoon Hamid, o "
        "quick ratio de SaaS; movimentos de MRR do ChartMogul"),
    "order_summary": (
        "Receita, valor médio do pedido e recompra",
        "Quanto os clientes compram, de quanto é cada pedido e quantos voltam a comprar no período.",
        "receita = Σ valor dos pedidos pagos; valor médio do pedido = receita ÷ pedidos; taxa de recompra = clientes "
        "com 2 ou mais pedidos no período ÷ clientes que compraram nele; sem pedidos cancelados",
        "pedidos; moeda; fração 0..1",
        "Ajuda da Shopify: valor médio do pedido, taxa de clientes recorrentes"),
    "churn_by_experience": (
        "Por que os clientes saem: cancelamentos pela experiência no suporte",
        "Se os clientes que esperaram além da meta, deram uma última nota baixa, precisaram voltar, ficaram sem "
        "resolução ou nunca falaram com você saem mais rápido. A divisão simples é enviesada (clientes antigos abrem "
        "mais tickets, então esperar parece proteger); a comparação por marco (landmark) zera o relógio na primeira "
        "resposta de cada cliente e é a justa. O grupo é fixado nessa resposta (atrasada ou no prazo), então ninguém "
        "conta nos dois grupos e o p-valor do teste é honesto; uma resposta atrasada posterior faz parte do que vem "
        "depois, não muda o grupo.",
        "por experiência: cancelamentos ÷ clientes; retenção de Kaplan–Meier e vida mediana; z de log-rank = "
        "Σ(O − E) ÷ √ΣV contra o grupo de comparação; receita em risco = MRR dos clientes ativos do grupo; marco na "
        "primeira resposta: relógio zerado na primeira resposta de cada cliente; cancelamentos em N dias "
        "(Kaplan–Meier) de quem teve a primeira resposta atrasada contra quem a teve no prazo, cada cliente em um só "
        "grupo; teste log-rank entre os dois",
        "clientes; fração 0..1; meses; p-valor; moeda",
        "Kaplan e Meier (1958); Mantel (1966), teste log-rank, scipy.stats.logrank; Anderson, Cain e Gelber (1983), "
        "análise por marco (landmark)"),
    "business_minutes": (
        "Primeira resposta e resolução em horário comercial",
        "Um ticket enviado na sexta à noite e respondido na segunda de manhã esperou minutos, não dias, de horário "
        "comercial. É assim que as ferramentas de helpdesk contam o SLA quando só prometem horário de expediente.",
        "minutos entre dois momentos que caem no horário de funcionamento em dias úteis, sem feriados (do país e do "
        "estado), com o horário no fuso da agenda (as mudanças de horário contam o tempo real); descumprimento do "
        "SLA = primeira resposta depois de mais minutos úteis que a meta",
        "minutos",
        "Zendesk: horário comercial no SLA e nas métricas de tickets (tempo da primeira resposta e da resolução "
        "completa em horário comercial); pacote python-holidays"),
    "term_contrast": (
        "Do que as pessoas falam: palavras que diferenciam",
        "As palavras e expressões de duas palavras que diferenciam um grupo de comentários de outro (detratores x "
        "promotores, insatisfeitos x satisfeitos, um tipo de ticket x o restante, este período x o anterior), com "
        "duas citações de exemplo cada. Palavras vazias em espanhol, inglês e português ficam de fora e os acentos "
        "são ignorados.",
        "δ(w) = log((y(w) + α(w)) ÷ (n + α₀ − y(w) − α(w))) − log((y'(w) + α(w)) ÷ (n' + α₀ − y'(w) − α(w))); "
        "z = δ(w) ÷ √(1/(y(w) + α(w)) + 1/(y'(w) + α(w))), com y(w) as vezes que a palavra w aparece num grupo e "
        "y'(w) no outro; a priori α(w) = contagem conjunta da palavra",
        "escore z; contagens",
        "Monroe, Colaresi e Quinn (2008), *Fightin' Words*, *Political Analysis* 16(4):372–403; pacote stop-words"),
    "service_roi": (
        "ROI mensal do atendimento (o que o atendimento traz e retém)",
        "Clientes revertidos: os que aceitaram um código de reversão no mês; S(k) é a parcela Kaplan–Meier de "
        "clientes ainda ativos k meses depois da entrada. O ROI estreito conta só a receita imediata. Associação, "
        "não causa: alguns clientes revertidos talvez ficassem de qualquer jeito.",
        "valor = reversões líquidas (valor − desconto) + vendas assistidas por atendentes + valor de retenção; "
        "valor de retenção = clientes revertidos × receita por cliente por mês × margem × Σ S(k), k = 1..24; ROI = "
        "(valor − custo da equipe) ÷ custo da equipe; ROI estreito = (receita imediata − custo) ÷ custo",
        "€ por mês; ROI como fração",
        "cxkit; guias de ROI do atendimento ao cliente (reversão, vendas assistidas, valor de retenção)"),
    "churn_reasons": (
        "Por que os clientes saíram: motivos entre os cancelamentos",
        "Para colunas que só os clientes que saem preenchem (um motivo de cancelamento). Não é uma taxa de "
        "cancelamento: quem fica não tem motivo, então uma 'taxa de cancelamento por motivo' daria 100% e 0%. "
        "Marcado como pouco confiável com menos de 30 cancelamentos.",
        "por motivo: clientes que saíram com esse motivo; parcela = cancelamentos com esse motivo ÷ todos os "
        "cancelamentos",
        "clientes; fração 0..1 dos cancelamentos",
        "cxkit; o motivo de cancelamento que a Stripe exporta"),
    "forecast_contacts": (
        "Previsão de contatos (MSTL + ETS)",
        "Quantos contatos (tickets, chamadas ou ambos) esperar em cada meia hora ou hora das próximas semanas, com a "
        "faixa em que vão cair 8 de cada 10 vezes e 19 de cada 20. O método usado (modelo ou ingênuo sazonal) é "
        "sempre indicado.",
        "y(t) = tendência + sazonalidade dia da semana×hora (+ anual com dois anos) + resto por MSTL (um STL por "
        "período, suavização sazonal de grau 0); cada parte sazonal repete seu último ciclo; tendência + resto "
        "previstos com ETS (A,N,N) ou (A,Ad,N), o de menor AIC; intervalo = média ETS ± z·σ(h) com z = 1,28 (80 %) "
        "e 1,96 (95 %); feriados: no histórico substituídos pelo mesmo intervalo uma semana antes, os futuros "
        "multiplicados por (contatos em feriados passados ÷ contatos uma semana antes); com menos de duas semanas ou "
        "100 contatos: ingênuo sazonal ŷ = y(t−m), σ(h) = σ·√(k + 1)",
        "contatos por intervalo (30 ou 60 minutos); intervalos de 80 % e de 95 %",
        "Hyndman e Athanasopoulos, *Forecasting: Principles and Practice*, 3.ª ed. (2021), capítulos de STL, MSTL, "
        "ETS e intervalos de previsão; Bandara, Hyndman e Bergmeir (2021), MSTL; statsmodels; pacote "
        "python-holidays"),
    "forecast_accuracy": (
        "Precisão da previsão (MASE com origem móvel e cobertura do intervalo)",
        "Quanto confiar na previsão, medido com os seus próprios dados: as últimas semanas são previstas como se "
        "ainda não tivessem chegado e comparadas com o que aconteceu. Um MASE de 0,8 significa erros 20 % menores "
        "que copiar a mesma hora da semana anterior; um intervalo de 80 % que acerta bem menos de 80 % das vezes é "
        "estreito demais.",
        "para cada uma das últimas k semanas: prevista com os dados anteriores; MASE = média |y − ŷ| ÷ média "
        "|y(t) − y(t−m)| dos dados anteriores (m = uma semana de intervalos); MASE informado = média das semanas; "
        "cobertura = valores reais dentro do intervalo de 80 % (95 %) ÷ valores separados",
        "MASE ≥ 0 (abaixo de 1 supera o ingênuo sazonal); fração 0..1",
        "Hyndman e Koehler (2006), *Another look at measures of forecast accuracy*, *International Journal of "
        "Forecasting* 22(4):679–688; Hyndman e Athanasopoulos, *Forecasting: Principles and Practice*, 3.ª ed., "
        "seções de MASE e de validação cruzada de séries temporais"),
    "staffing_plan": (
        "Dimensionamento para a previsão (Erlang C)",
        "Quantas pessoas as próximas semanas exigem para atender a tempo a parcela-meta de contatos, quanto isso "
        "custa por mês e como se compara com a equipe que os seus dados mostram trabalhando.",
        "por intervalo previsto: A = contatos × duração ÷ intervalo; atendentes = menor n com 1 − "
        "C(n, A)·e^(−(n − A)·t ÷ duração) ≥ meta (Erlang C; Erlang A quando a paciência de quem liga é conhecida), "
        "com a previsão provável e com o limite superior do intervalo; atendentes em tempo integral = Σ atendentes × "
        "horas do intervalo por semana ÷ (1 − tempo indisponível) ÷ horas por atendente por semana; custo = "
        "atendentes em tempo integral × custo de um atendente por mês; falta = atendentes em tempo integral − os dos "
        "atendentes vistos ativos por intervalo nos dados",
        "atendentes por intervalo; atendentes em tempo integral; moeda por mês",
        "Erlang (1917); Hyndman e Athanasopoulos (previsão); ICMI / Call Centre Helper: tempo indisponível "
        "(shrinkage) e equipe em tempo integral"),
}
