print("awards")
