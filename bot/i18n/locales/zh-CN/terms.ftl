# 条目字段取值的中文说法：状态、类型、法域、引用日期的含义、结果。

status-decided = 已判决
status-affirmed = 二审维持
status-settled = 已和解
status-in-force = 现行有效
status-published = 已发布
status-pending = 审理中
status-pending-approval = 待法院批准
status-on-appeal = 上诉中
status-consultation = 征求意见中
status-referred = 已移送
status-overview = 综述

kind-judgment = 判决
kind-agency-decision = 行政决定
kind-regulation = 规章
kind-statute = 法律
kind-report = 报告
kind-guidance = 指南
kind-standard = 标准
kind-pending-case = 未决案件
kind-settlement = 和解
kind-police-referral = 警方移送
kind-topic = 专题

jurisdiction-cn = 中国
jurisdiction-us = 美国
jurisdiction-uk = 英国
jurisdiction-eu = 欧盟
jurisdiction-de = 德国
jurisdiction-cz = 捷克
jurisdiction-jp = 日本
jurisdiction-in = 印度
jurisdiction-kr = 韩国
jurisdiction-it = 意大利

date-label-decided = 判决
date-label-effective = 施行
date-label-filed = 起诉
date-label-issued = 发布
date-label-published = 公布
date-label-reported = 报道

outcome-protected = 受保护
outcome-not-protected = 不受保护
outcome-liable = 承担责任
outcome-not-liable = 不承担责任
outcome-pending = 未决
outcome-other = 未标注
