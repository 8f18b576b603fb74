"""civcas: the coalition civilian-casualty reports data publication."""
