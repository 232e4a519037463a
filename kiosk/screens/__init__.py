"""The kiosk's screens: home (fields), priority choice, the ticket, server down."""
