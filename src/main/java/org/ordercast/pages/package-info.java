/**
 * The pages ordercast serves (the dashboard, the tracking page, the kitchen test client): what every response tells
 * the browser about them. The pages load scripts, styles and images from this origin only and connect back to it,
 * so the Content-Security-Policy allows nothing else; inline scripts live in files under {@code js/} for that reason.
 */
package org.ordercast.pages;
