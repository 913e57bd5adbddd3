"""Carrying a plan into the next year: a committee issues a new notice every year and many items carry on.
Staff match the new plan's items to last year's unfinished tasks (suggested by title similarity, confirmed by
hand); matched tasks link across years (Task.continues), and an item's story over the years shows on its
page, the dashboard, the public plan and the ledger."""
