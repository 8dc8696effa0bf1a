# Words for the values entries carry: status, kind, jurisdiction, a citation's date label, an outcome.

status-decided = decided
status-affirmed = affirmed
status-settled = settled
status-in-force = in force
status-published = published
status-pending = pending
status-pending-approval = pending approval
status-on-appeal = on appeal
status-consultation = consultation
status-referred = referred
status-overview = overview

kind-judgment = judgment
kind-agency-decision = agency decision
kind-regulation = regulation
kind-statute = statute
kind-report = report
kind-guidance = guidance
kind-standard = standard
kind-pending-case = pending case
kind-settlement = settlement
kind-police-referral = police referral
kind-topic = topic

jurisdiction-cn = China
jurisdiction-us = United States
jurisdiction-uk = United Kingdom
jurisdiction-eu = European Union
jurisdiction-de = Germany
jurisdiction-cz = Czech Republic
jurisdiction-jp = Japan
jurisdiction-in = India
jurisdiction-kr = South Korea
jurisdiction-it = Italy

date-label-decided = decided
date-label-effective = effective
date-label-filed = filed
date-label-issued = issued
date-label-published = published
date-label-reported = reported

outcome-protected = protected
outcome-not-protected = not protected
outcome-liable = liable
outcome-not-liable = not liable
outcome-pending = pending
outcome-other = not marked
