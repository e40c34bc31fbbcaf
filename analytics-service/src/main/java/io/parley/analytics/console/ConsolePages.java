package io.parley.analytics.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's address: the service's root and {@code /console} lead to its page. */
@Controller
class ConsolePages {

    @GetMapping({"/", "/console", "/console/"})
    String console() {
        return "redirect:/console/index.html";
    }
}
