print("awardsd")
