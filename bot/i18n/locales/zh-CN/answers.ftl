# 回答：标题、状态、引用、无法回答时的说明。变量是调用方已格式化好的文本。

disclaimer = 以上为已公开裁判与文件的一般信息，不构成法律意见。
not-advice = 不构成法律意见
answer-sources = 来源
answer-more-sources = 更多来源
answer-sources-ref = （来源 { $refs }）
answer-suggestions = 你可能想问
answer-confidence = （匹配度 { $value }）
answer-full-explanation = 完整解释
answer-status = 状态：{ $status }（截至 { $date }）。
answer-status-stale = 状态：{ $status }，最后核实于 { $date }（{ $days } 天前），此后可能已有进展。
answer-overview = 综述，事实核实截至 { $date }。
answer-side-heading = { $jurisdiction }：
footer-as-of = 事实核实截至 { $date }
footer-match = 匹配度 { $percent }
decline-title = 没有可靠的答案
decline-text = 我的人工智能与版权裁判知识库里没有这个问题的可靠答案，所以我不作猜测。
decline-did-you-mean = 你是不是想问：{ $titles }？
# 一条引用：“标题，法院，日期，案号。链接”。
citation-when = { $date }{ $label }
citation-docket = 案号 { $docket }
