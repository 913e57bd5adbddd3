from .kind import KIT

home = KIT.home_panel
my_work = KIT.my_work_panel
