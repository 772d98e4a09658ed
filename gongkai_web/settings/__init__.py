"""Settings for the gongkai platform: ``base`` is secure by default, ``dev`` and ``test`` opt out."""
