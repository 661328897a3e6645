x = -true
