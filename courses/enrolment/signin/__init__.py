"""Learners' sign-in: a mobile number and a one-time SMS code, with the household kept in its own session
key. Households are never django.contrib.auth users, so no staff page ever answers them."""
